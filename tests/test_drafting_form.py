"""The drafting form is in the groups a drafter works through: what the decision is,
its text with its sections, its timetable with its gates, then papers, annexes, links
and confidential parts."""

import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]


def _headings(html) -> list[str]:
    found = re.findall(r"<h2[^>]*>(.*?)</h2>", html, flags=re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", h).strip() for h in found]


def test_each_part_follows_the_group_it_belongs_to(as_alice):
    html = as_alice.get("/admin/decisions/decision/add/").content.decode()
    headings = [h for h in _headings(html) if h]
    expected = [
        "What the decision is",
        "The text",
        "Sections",
        "Where and how it is made",
        "Timetable",
        "Gateways",
        "Public access",
        "Background papers",
        "Annexes",
        "Links to earlier decisions",
        "Confidential parts (never published)",
    ]
    assert [h for h in headings if h in expected] == expected, headings
    assert html.index('id="id_contact_officer"') < html.index('id="id_executive_summary"')


def test_the_texts_boxes_are_five_lines(as_alice):
    html = as_alice.get("/admin/decisions/decision/add/").content.decode()
    for name in ("executive_summary", "decision_text", "reasons"):
        assert re.search(rf'<textarea name="{name}"[^>]*rows="5"', html), name

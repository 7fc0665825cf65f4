"""Every page opens with its one h1, its headings never skip a level going down, and
every public page describes itself to search engines in a meta description."""

import datetime
import re
from html.parser import HTMLParser

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]

PUBLIC_PAGES = [
    "/decisions/",
    "/decisions/?q=business",
    "/decisions/2012/",
    "/decisions/wmpcc-2012-001/",
    "/meetings/",
    "/forward-plan/",
    "/meetings/{meeting}/",
    "/meetings/{meeting}/items/1/",
    "/open-data/",
    "/accessibility/",
    "/transparency/",
    "/decisions/no-such-thing/",
]


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels, self.description = [], None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content")


def _outline(response) -> _Outline:
    outline = _Outline()
    outline.feed(response.content.decode())
    return outline


def _url(template):
    from decisions.models import BoardMeeting

    if "{meeting}" not in template:
        return template
    meeting = BoardMeeting.objects.get(date=datetime.date(2013, 7, 16))
    return template.format(meeting=meeting.pk)


def _skips(levels):
    return [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]


@pytest.mark.parametrize("template", PUBLIC_PAGES)
def test_it_opens_each_public_page_with_its_one_h1_and_nests_headings(client, demo, template):
    levels = _outline(client.get(_url(template))).levels
    assert levels[:1] == [1], f"{template} opens with h{levels[0]}, not its h1"
    assert levels.count(1) == 1, f"{template} has {levels.count(1)} h1s"
    assert _skips(levels) == [], f"{template} skips heading levels: {_skips(levels)}"


@pytest.mark.parametrize("template", PUBLIC_PAGES)
def test_it_describes_each_public_page_for_search_engines(client, demo, template):
    description = _outline(client.get(_url(template))).description
    assert description and len(description) >= 50, f"{template}: {description!r}"
    assert len(description) <= 300
    assert "{%" not in description and "<" not in description


def test_it_describes_a_notice_by_its_own_summary(client, demo):
    description = _outline(client.get("/decisions/wmpcc-2012-001/")).description
    assert description.startswith("WMPCC 2012-001, signed 22 November 2012: ")
    register = _outline(client.get("/decisions/")).description
    assert description != register


def test_it_gives_the_staff_sign_in_page_an_h1(client):
    outline = _outline(client.get("/admin/login/"))
    assert outline.levels[:1] == [1]


def test_it_tells_the_public_how_to_contact_the_office_about_accessibility(client, settings):
    settings.OFFICE_EMAIL = "help@office.example"
    settings.OFFICE_PHONE = "0121 000 0000"
    settings.ACCESSIBILITY_STATEMENT_PREPARED = datetime.date(2026, 11, 24)
    settings.ACCESSIBILITY_STATEMENT_REVIEWED = datetime.date(2027, 1, 5)
    page = client.get("/accessibility/").content.decode()
    assert 'href="mailto:help@office.example"' in page
    assert 'href="tel:01210000000"' in page
    assert "This statement was prepared on" in page and "24 November 2026" in page
    assert "It was last reviewed on" in page and "5 January 2027" in page


def test_it_refuses_a_deployment_no_one_can_contact(settings):
    from decisions.checks import office_can_be_contacted

    settings.OFFICE_EMAIL = settings.OFFICE_PHONE = ""
    assert [error.id for error in office_can_be_contacted(None)] == ["decisions.E003"]
    settings.OFFICE_EMAIL = "help@office.example"
    assert office_can_be_contacted(None) == []

"""A corpus of XSS payloads in every text field renders inert everywhere it appears:
the public notice, the register, the admin, the feed, and the open data."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile

from decisions import workflow
from decisions.models import (
    Annex,
    BackgroundPaper,
    Contact,
    DecisionLink,
    GatewayRow,
    Section,
)
from tests import factories

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('x1')</script>",
    "\"><img src=x onerror=alert('x2')>",
    "<svg/onload=alert('x3')>",
    "javascript:alert('x4')",
    "[click](javascript:alert('x5'))",
    "<a href=\"javascript:alert('x6')\">x</a>",
    "</script><script>alert('x7')</script>",
    "<iframe srcdoc=\"<script>alert('x8')</script>\"></iframe>",
]
EVIL = " ".join(PAYLOADS)


class _Elements(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.scripts, self.attributes, self._in_script = [], [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attributes.append((tag, attrs))
        if tag == "script":
            self._in_script = {"attrs": attrs, "text": ""}
            self.scripts.append(self._in_script)

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def assert_inert(html, where):
    page = _Elements(html)
    for tag, attrs in page.attributes:
        assert not any(name.startswith("on") for name in attrs), (where, tag, attrs)
        assert tag not in ("iframe", "object", "embed"), (where, tag)  # the admin draws SVG icons
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript"), where
    for script in page.scripts:
        # Our own scripts are files; the one inline block is JSON-LD data, escaped.
        if script["attrs"].get("type") == "application/ld+json":
            json.loads(script["text"])
            assert "<" not in script["text"], where
        else:
            assert script["attrs"].get("src"), (where, script)
            assert "alert" not in script["text"], where


@pytest.fixture
def hostile(alice, bob, carol, board):
    contact = Contact.objects.create(name=EVIL[:200], position=PAYLOADS[1], email="a@b.example")
    decision = factories.draft(
        created_by=alice, title=("Hostile " + EVIL)[:300], executive_summary=EVIL,
        decision_text=EVIL, reasons=EVIL, made_at=PAYLOADS[0], contact_officer=contact,
        gateway_note=EVIL,
    )  # fmt: skip
    Section.objects.create(decision=decision, heading=PAYLOADS[2], body=EVIL)
    GatewayRow.objects.create(
        decision=decision, gate=0, description=EVIL, milestone_planned="2030-01-01"
    )
    BackgroundPaper.objects.create(decision=decision, title=PAYLOADS[6])
    annex = Annex(
        decision=decision, label="A", title=PAYLOADS[7], original_filename=PAYLOADS[1] + ".pdf"
    )
    annex.file.save("x.pdf", ContentFile(b"%PDF-1.7"), save=False)
    annex.save()
    DecisionLink.objects.create(
        from_decision=decision, to_reference=PAYLOADS[3][:40], to_title=EVIL[:300],
        to_url="https://example.org/",
    )  # fmt: skip
    meeting = factories.meeting(board)
    workflow.put_to_board(decision, by=alice, meeting=meeting, purpose=EVIL)
    workflow.comment(decision, by=bob, body=EVIL)
    decision = workflow.send_for_signature(decision, by=alice)
    return workflow.sign(decision, by=carol, declaration="declared", interests=EVIL)


def test_payloads_are_inert_on_public_pages(client, hostile):
    for url in (hostile.get_absolute_url(), "/decisions/", "/decisions/?q=alert"):
        assert_inert(client.get(url).content.decode(), url)


def test_payloads_are_inert_in_the_admin(client, alice, hostile):
    client.force_login(alice)
    pk = hostile.pk
    for url in (
        f"/admin/decisions/decision/{pk}/change/",
        f"/admin/decisions/decision/{pk}/preview/",
        f"/admin/decisions/decision/{pk}/history/",
        "/admin/decisions/decision/",
        "/admin/decisions/contact/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)


def test_payloads_stay_text_in_the_feed_and_open_data(client, hostile):
    feed = ET.fromstring(client.get("/decisions/feed/").content)  # noqa: S314 - our own feed
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert "<script>" in feed.find("a:entry/a:title", ns).text  # as text, escaped in XML
    data = json.loads(b"".join(client.get("/decisions.json").streaming_content))
    assert data["decisions"][0]["title"].startswith("Hostile <script>")
    rows = list(
        csv.reader(io.StringIO(b"".join(client.get("/decisions.csv").streaming_content).decode()))
    )
    assert rows[1][1].startswith("Hostile <script>")


def test_payloads_are_text_in_the_pdf(hostile):
    import subprocess
    import tempfile

    with hostile.documents.latest().file.open("rb") as handle, tempfile.NamedTemporaryFile() as out:
        out.write(handle.read())
        out.flush()
        text = subprocess.run(["pdftotext", out.name, "-"], capture_output=True, text=True).stdout
    assert "<script>alert('x1')</script>" in text  # shown as words, never run

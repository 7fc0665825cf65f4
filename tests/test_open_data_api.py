"""The API as a program meets it: a decision by its reference as written, errors as
JSON, and a feed that names its author as Atom requires."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def signed():
    decision = factories.draft(title="Fleet")
    return factories.record_signature(
        decision, reference="WMPCC 2012-001", signed_on=datetime.date(2012, 11, 22)
    )


@pytest.mark.parametrize(
    "written", ["WMPCC%202012-001", "wmpcc%202012-001", "WMPCC-2012-001", "Wmpcc 2012-001"]
)
def test_it_redirects_a_reference_as_written_to_its_canonical_address(client, signed, written):
    response = client.get(f"/api/decisions/{written}.json")
    assert response.status_code == 301
    assert response["Location"] == "/api/decisions/wmpcc-2012-001.json"
    assert client.get(response["Location"]).json()["reference"] == "WMPCC 2012-001"


def test_it_finds_a_reference_with_slashes(client):
    decision = factories.draft(title="Financial year")
    factories.record_signature(decision, reference="2024/25-017")
    response = client.get("/api/decisions/2024/25-017.json", follow=True)
    assert response.json()["reference"] == "2024/25-017"


@pytest.mark.parametrize(
    "url", ["/api/decisions/no-such-one.json", "/api/decisions/%20.json", "/api/nothing-here"]
)
def test_it_answers_an_api_404_as_json_with_a_message(client, signed, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_found"
    assert response.json()["message"]


def test_it_keeps_the_html_404_for_readers(client):
    response = client.get("/decisions/no-such-one/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("query", [{}, {"q": "Fleet"}, {"year": "2013"}])
def test_it_names_the_feeds_author(client, signed, settings, query):
    feed = ET.fromstring(client.get("/decisions/feed/", query).content)  # noqa: S314 - our own feed
    author = feed.find(f"{ATOM}author")
    assert author is not None, "RFC 4287 4.1.1: a feed without an author in every entry"
    assert author.find(f"{ATOM}name").text == settings.OFFICE_NAME
    assert author.find(f"{ATOM}uri").text == "http://testserver/"

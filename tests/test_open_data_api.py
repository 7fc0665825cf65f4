"""The API as a program meets it: a decision by its reference as written, errors as
JSON."""

import datetime

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


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

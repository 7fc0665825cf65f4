"""A year the register has no decisions from is answered as such, everywhere: the
archive is a 404, and the filter, the feed and the exports are empty and say why.
Before, each of them answered with the whole register under the year's heading."""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]

ATOM = "{http://www.w3.org/2005/Atom}"


def _text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def two_years():
    for year in (2012, 2014):
        decision = factories.draft(title=f"Decided in {year}")
        factories.record_signature(
            decision, reference=f"TEST {year}-001", signed_on=datetime.date(year, 5, 1)
        )


@pytest.mark.parametrize("year", ["1999", "2013", "0000", "9999"])
def test_it_answers_the_archive_of_a_year_with_no_decisions_with_a_404(client, two_years, year):
    response = client.get(f"/decisions/{year}/")
    assert response.status_code == 404
    assert f"Decisions of {year}" not in _text(response)


def test_it_still_lists_a_year_that_has_decisions(client, two_years):
    page = _text(client.get("/decisions/2014/"))
    assert "Decided in 2014" in page and "Decided in 2012" not in page


@pytest.mark.parametrize("year", ["2013", "1999", "abc"])
def test_it_filters_a_year_with_no_decisions_to_nothing_and_says_why(client, two_years, year):
    page = _text(client.get("/decisions/", {"year": year}))
    assert "There are no decisions from that year" in page
    assert "0 decisions" in page
    assert "Decided in" not in page


@pytest.mark.parametrize(
    "url", ["/decisions.csv", "/decisions.json", "/api/decisions.json", "/decisions/feed/"]
)
def test_it_gives_programs_no_decisions_of_other_years(client, two_years, url):
    body = _text(client.get(url, {"year": "2013"}))
    assert "Decided in" not in body


def test_it_explains_an_empty_api_answer_by_field(client, two_years):
    payload = json.loads(_text(client.get("/api/decisions.json", {"year": "2013"})))
    assert payload["decisions"] == []
    assert payload["errors"]["year"][0].startswith("There are no decisions from that year")
    assert json.loads(_text(client.get("/api/decisions.json")))["errors"] == {}


def test_it_gives_an_empty_csv_with_its_header_for_a_year_with_no_decisions(client, two_years):
    rows = list(csv.reader(io.StringIO(_text(client.get("/decisions.csv", {"year": "2013"})))))
    assert rows[0][0] == "reference" and rows[1:] == []


def test_it_says_in_the_feed_why_a_filtered_feed_is_empty(client, two_years):
    response = client.get("/decisions/feed/", {"year": "2013"})
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert feed.findall(f"{ATOM}entry") == []
    assert "There are no decisions from that year" in feed.find(f"{ATOM}subtitle").text


def test_it_ties_each_filter_error_to_its_field(client, two_years):
    page = _text(client.get("/decisions/", {"year": "2013", "board": "nope", "status": "x"}))
    for name in ("year", "board", "status"):
        select = re.search(rf'<select name="{name}"[^>]*>', page).group(0)
        described_by = re.search(r'aria-describedby="([^"]+)"', select).group(1)
        assert f'id="{described_by}"' in page, f"{name}: no element with id {described_by}"
        assert f'id="filter-{name}"' in select
        assert f'<label class="govuk-label govuk-label--s" for="filter-{name}">' in page
        assert f'href="#filter-{name}"' in page  # the summary links to the field


def _chosen(page, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)" selected>', select)


def test_it_shows_the_filters_a_reader_chose_as_chosen(client, two_years):
    page = _text(client.get("/decisions/?year=2014&status=published"))
    assert (_chosen(page, "year"), _chosen(page, "status")) == (["2014"], ["published"])
    assert _chosen(page, "board") == [""]  # "Any board"
    unfiltered = _text(client.get("/decisions/"))
    assert [_chosen(unfiltered, n) for n in ("year", "board", "status")] == [[""], [""], [""]]
    wrong = _text(client.get("/decisions/?year=1999"))
    assert _chosen(wrong, "year") == []
    assert '<select name="year" class="govuk-select" aria-invalid="true"' in wrong

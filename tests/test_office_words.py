"""The office's own words: its name, who signs, its example reference and its years come
from its settings and its register, never from West Midlands text in the code."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from decisions import workflow
from decisions.models import NumberingSeries, Period
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]

PRODUCT = ["decisions", "pccdecisions", "templates", "static/src"]


@pytest.fixture
def mayoral(settings):
    settings.OFFICE_NAME = "Mayor's Office for Policing and Crime"
    settings.OFFICE_ORGANISATION = "Mayor's Office for Policing and Crime"
    settings.DECISION_MAKER = "Deputy Mayor"
    settings.DECISION_MAKER_TITLE = "Deputy Mayor for Policing and Crime"


def test_public_pages_name_the_office_and_who_signs_in_its_own_words(client, mayoral):
    for url in ["/decisions/", "/meetings/", "/transparency/", "/no-such-page/"]:
        page = client.get(url).content.decode()
        assert "Commissioner" not in page, url
    register = client.get("/decisions/").content.decode()
    assert "Every decision the Deputy Mayor has signed" in register


def test_a_public_board_paper_is_not_a_decision_of_the_office_s_own_signer(
    client, mayoral, alice, board
):
    meeting = factories.meeting(board, held_in_public=True)
    workflow.put_to_board(factories.draft(created_by=alice), by=alice, meeting=meeting)
    workflow.publish_agenda(meeting, by=alice)
    page = client.get(f"/meetings/{meeting.pk}/items/1/").content.decode()
    assert "not a decision of the Deputy Mayor" in page
    assert "Commissioner" not in page


def test_the_search_hint_gives_a_reference_of_this_office(client):
    NumberingSeries.objects.create(
        name="D", pattern="PCC/D/{year}/{number:02d}", period=Period.CALENDAR_YEAR, is_default=True
    )
    year = datetime.date.today().year
    assert f"a reference such as PCC/D/{year}/01," in client.get("/decisions/").content.decode()
    factories.signed(reference="PCC/D/2024/04", signed_on=datetime.date(2024, 5, 1))
    assert "a reference such as PCC/D/2024/04," in client.get("/decisions/").content.decode()
    missing = client.get("/decisions/no-such-decision/").content.decode()
    assert "<code>/decisions/pcc-d-2024-04/</code> for PCC/D/2024/04" in missing


def test_the_year_filter_offers_only_years_that_have_decisions(client):
    for day in (datetime.date(2012, 12, 3), datetime.date(2015, 2, 1)):
        factories.signed(signed_on=day)
    page = client.get("/decisions/").content.decode()
    years = re.findall(r'<option value="(\d{4})"', page)
    assert years == ["2015", "2012"]


def test_nothing_of_the_west_midlands_is_written_into_the_product():
    base = Path(django_settings.BASE_DIR)
    found = []
    for folder in PRODUCT:
        for path in (base / folder).rglob("*"):
            if path.suffix not in {".py", ".html", ".scss", ".js", ".txt"}:
                continue
            if "migrations" in path.parts:
                continue  # the record of how the schema was, never read at run time
            text = path.read_text("utf-8")
            if re.search(r"West Midlands|WMPCC", text, re.IGNORECASE):
                found.append(str(path.relative_to(base)))
    assert found == []

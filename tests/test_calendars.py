"""Board meetings as calendars a reader can subscribe to: every event with its place,
whether it is held in public and a link to its page; nothing from its agenda."""

import datetime

import pytest
from icalendar import Calendar

from decisions import workflow
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]
SECRET_TITLE = "Closure of Smallbrook custody suite"


@pytest.fixture
def meetings(alice, board):
    public = factories.meeting(
        board, date=datetime.date(2027, 3, 9), start_time=datetime.time(10, 30),
        place="Lloyd House, Birmingham",
    )  # fmt: skip
    private = factories.meeting(
        board, date=datetime.date(2027, 4, 13), held_in_public=False, place=""
    )
    workflow.put_to_board(factories.draft(title=SECRET_TITLE), by=alice, meeting=private)
    return public, private


def _events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert (calendar["VERSION"], bool(calendar["PRODID"])) == ("2.0", True)
    events = calendar.walk("VEVENT")
    for event in events:  # what RFC 5545 requires of every event
        assert event["UID"] and event["DTSTAMP"] and event["DTSTART"]
    return events


def test_it_lists_every_meeting_with_its_place_time_and_page(client, meetings, settings):
    public, private = meetings
    first, second = _events(client.get("/meetings.ics"))
    assert str(first["SUMMARY"]) == "Strategic Policing and Crime Board meeting"
    assert first.decoded("DTSTART") == datetime.datetime(
        2027, 3, 9, 10, 30, tzinfo=first.decoded("DTSTART").tzinfo
    )
    assert str(first.decoded("DTSTART").tzinfo) == "Europe/London"
    assert str(first["LOCATION"]) == "Lloyd House, Birmingham"
    assert str(first["URL"]) == f"{settings.SITE_URL}/meetings/{public.pk}/"
    assert str(first["DESCRIPTION"]).startswith("Held in public.")
    assert second.decoded("DTSTART") == datetime.date(2027, 4, 13)  # no time: all day
    assert str(second["DESCRIPTION"]).startswith("Held in private.")
    assert "LOCATION" not in second
    assert first["UID"] != second["UID"]


def test_it_gives_one_meeting_its_own_calendar_and_says_nothing_of_its_agenda(client, meetings):
    _, private = meetings
    response = client.get(f"/meetings/{private.pk}.ics")
    [event] = _events(response)
    assert event.decoded("DTSTART") == private.date
    assert SECRET_TITLE.encode() not in client.get("/meetings.ics").content
    assert SECRET_TITLE.encode() not in response.content


def test_it_answers_a_meeting_that_does_not_exist_with_a_404(client):
    assert client.get("/meetings/999.ics").status_code == 404


def test_the_meeting_pages_link_to_their_calendars(client, meetings):
    public, _ = meetings
    assert 'href="/meetings.ics"' in client.get("/meetings/").content.decode()
    page = client.get(f"/meetings/{public.pk}/").content.decode()
    assert f'href="/meetings/{public.pk}.ics"' in page

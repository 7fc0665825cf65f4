"""Board meetings as calendars (RFC 5545, with the icalendar package): /meetings.ics for
every meeting, /meetings/<id>.ics for one. A reader subscribes once and their calendar
follows the board's. Each event says where, whether it is held in public, and links to
the meeting's page; nothing from its agenda is in it, so nothing private can be.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from decisions.public.meetings import public_meetings

# No end time is kept: a meeting is shown as two hours, as agendas usually plan.
LENGTH = datetime.timedelta(hours=2)


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.OFFICE_NAME}//pccdecisions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def uid(name: str) -> str:
    """An event's identifier, the same at every download so a calendar updates it."""
    return f"{name}@{urlsplit(settings.SITE_URL).hostname}"


def _event(meeting) -> Event:
    event = Event()
    page = settings.SITE_URL + reverse("decisions:meeting", args=[meeting.pk])
    event.add("uid", uid(f"meeting-{meeting.pk}"))
    event.add("dtstamp", timezone.now())
    if meeting.start_time:
        start = timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.start_time))
        event.add("dtstart", start)
        event.add("dtend", start + LENGTH)
    else:  # a day, not a time: an all-day event
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    held = "Held in public" if meeting.held_in_public else "Held in private"
    event.add("summary", f"{meeting.board.name} meeting")
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", f"{held}. The agenda and papers: {page}")
    event.add("url", page)
    event.add("class", "PUBLIC")
    return event


def ics_response(calendar: Calendar, filename: str) -> HttpResponse:
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


def all_meetings(request):
    calendar = new_calendar(f"{settings.OFFICE_SHORT_NAME}: board meetings")
    for meeting in public_meetings().order_by("date", "start_time", "id"):
        calendar.add_component(_event(meeting))
    return ics_response(calendar, "meetings.ics")


def one_meeting(request, pk):
    meeting = get_object_or_404(public_meetings(), pk=pk)
    calendar = new_calendar(str(meeting))
    calendar.add_component(_event(meeting))
    return ics_response(calendar, f"meeting-{meeting.pk}.ics")

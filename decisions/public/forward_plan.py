"""/forward-plan/: the decisions the office expects to make, by month, with the board
meeting each goes to and its gateways; as a page, an Atom feed, a CSV and a calendar.

Only what the office wrote for the plan (ForwardPlanEntry's title and description), the
draft's board meetings and its gateway timetable (each gate's number and planned month,
not the draft's wording of it) are shown: never the draft's own text or its
confidential parts. An entry leaves the plan when its decision is signed, pointing to
the notice, or when the office takes it off, with the reason it gave.
"""

import csv
import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from icalendar import Event

from decisions.models import ForwardPlanEntry
from decisions.public.calendars import ics_response, new_calendar, uid
from decisions.spreadsheets import escape_cell

RECENT = 20
CSV_FIELDS = ["title", "description", "expected_month", "board_meetings", "status", "notice"]


def _upcoming():
    return ForwardPlanEntry.objects.upcoming().with_meetings_and_gateways()


def _meetings(entry) -> list[str]:
    return [str(item.meeting) for item in entry.decision.agenda_items.all()]


def page(request):
    return render(
        request,
        "decisions/forward_plan.html",
        {
            "upcoming": list(_upcoming()),
            "decided": ForwardPlanEntry.objects.decided()
            .select_related("decision")
            .order_by("-decision__signed_at")[:RECENT],
            "taken_off": ForwardPlanEntry.objects.taken_off().order_by("-removed_at")[:RECENT],
        },
    )


class ForwardPlanFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self):
        return f"Forward plan of the {settings.OFFICE_NAME}"

    def link(self):
        return reverse("decisions:forward_plan")

    def subtitle(self):
        return "Decisions expected, with the month each is expected, soonest first."

    def author_name(self):  # RFC 4287 4.1.1
        return settings.OFFICE_NAME

    def items(self):
        return _upcoming()

    def item_title(self, entry):
        return f"{entry.title} (expected {entry.expected_month:%B %Y})"

    def item_description(self, entry):
        return entry.description

    def item_link(self, entry):
        return f"{reverse('decisions:forward_plan')}#plan-{entry.pk}"

    def item_updateddate(self, entry):
        return entry.decision.updated_at


def plan_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="forward-plan.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_FIELDS)
    for entry in _upcoming():
        row = [entry.title, entry.description, f"{entry.expected_month:%Y-%m}",
               "; ".join(_meetings(entry)), "expected", ""]  # fmt: skip
        writer.writerow([escape_cell(cell) for cell in row])
    return response


def plan_ics(request):
    """Each month with decisions expected, as an all-day event over the month."""
    calendar = new_calendar(f"{settings.OFFICE_SHORT_NAME}: forward plan")
    months: dict[datetime.date, list] = {}
    for entry in _upcoming():
        months.setdefault(entry.expected_month, []).append(entry)
    page = settings.SITE_URL + reverse("decisions:forward_plan")
    for month, entries in sorted(months.items()):
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        event = Event()
        event.add("uid", uid(f"forward-plan-{month:%Y-%m}"))
        event.add("dtstamp", max(e.decision.updated_at for e in entries))
        event.add("dtstart", month)
        event.add("dtend", following)
        event.add("summary", f"Decisions expected: {len(entries)}")
        event.add("description", "\n".join(e.title for e in entries) + f"\n\n{page}")
        event.add("url", page)
        calendar.add_component(event)
    return ics_response(calendar, "forward-plan.ics")

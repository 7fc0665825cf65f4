"""The report to the Police and Crime Panel: the decisions signed, amended and withdrawn
in a period, the forward plan as it stands and the board meetings held, as a tagged
PDF and a CSV, made by the worker and kept as made; never anything private."""

import csv
import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from decisions import tasks, workflow
from decisions.models import (
    AgendaItem,
    AuditAction,
    AuditEvent,
    BoardMeeting,
    ConfidentialPart,
    ForwardPlanEntry,
    GatewayRow,
    PanelReport,
)
from decisions.models.freeze import FrozenRecordError
from decisions.workflow.past import PastDecision, record_past_decision
from tests import factories
from tests.pdf_structure import header_scopes, problems, tags
from tests.pdf_tools import Pdf

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]

JANUARY = (datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
SECRETS = ["SECRETDRAFTTITLE", "SECRETCONFIDENTIALBODY", "SECRETPRIVATEITEM",
           "SECRETPRIVATEMEETINGITEM", "SECRETPLANNEDDRAFTTEXT"]  # fmt: skip


def _signed_on(day, title, **fields):
    return factories.signed(signed_on=day, title=title, **fields)


def _item(meeting, decision, number, **fields):
    return AgendaItem.objects.create(meeting=meeting, decision=decision, number=number, **fields)


@pytest.fixture
def january(alice, carol, board):
    """January 2025 in the register: decisions signed in it and either side, meetings
    held in public and in private, the plan, and a secret in every private place."""
    for day, title in [
        (datetime.date(2024, 12, 31), "Signed the day before"),
        (datetime.date(2025, 1, 1), "Signed on the first day"),
        (datetime.date(2025, 1, 31), "Signed on the last day"),
        (datetime.date(2025, 2, 1), "Signed the day after"),
    ]:
        _signed_on(day, title)
    custody = factories.draft(title="Custody suite refurbishment")
    ConfidentialPart.objects.create(
        decision=custody, heading="Tender prices", body="SECRETCONFIDENTIALBODY"
    )
    factories.record_signature(
        custody, reference="PANEL 2025-015", signed_on=datetime.date(2025, 1, 15)
    )
    factories.draft(created_by=alice, title="SECRETDRAFTTITLE")

    public = factories.meeting(board, date=datetime.date(2025, 1, 20), place="Lloyd House")
    _item(public, factories.draft(title="Draft put to the board"), 1,
          report_title="Victims' services commissioning")  # fmt: skip
    _item(public, factories.draft(title="SECRETPRIVATEITEM"), 2, is_private=True)
    closed = factories.meeting(
        board, date=datetime.date(2025, 1, 22), held_in_public=False, place="Closed room"
    )
    _item(closed, factories.draft(title="SECRETPRIVATEMEETINGITEM"), 1)
    BoardMeeting.objects.filter(pk__in=[public.pk, closed.pk]).update(
        agenda_published_at=timezone.now()
    )
    factories.meeting(board, date=datetime.date(2025, 2, 5), place="Meeting after January")

    planned = factories.draft(title="SECRETPLANNEDDRAFTTEXT")
    GatewayRow.objects.create(
        decision=planned, gate=1, description="SECRETPLANNEDDRAFTTEXT",
        milestone_planned=datetime.date(2030, 7, 1),
    )  # fmt: skip
    ForwardPlanEntry.objects.create(
        decision=planned, title="New response vehicles",
        description="Replacing the oldest response cars.", expected_month=datetime.date(2030, 6, 1),
    )  # fmt: skip
    ForwardPlanEntry.objects.create(
        decision=factories.draft(), title="Taken off the plan", description="No longer needed.",
        expected_month=datetime.date(2030, 1, 1), removed_reason="Funding withdrawn.",
    )  # fmt: skip
    decided = factories.draft()
    ForwardPlanEntry.objects.create(
        decision=decided, title="Already decided", description="Signed since.",
        expected_month=datetime.date(2025, 1, 1),
    )  # fmt: skip
    factories.record_signature(decided, signed_on=datetime.date(2024, 11, 1))


def prepare(user, date_from, date_to) -> PanelReport:
    """A report as the worker makes it (the queue runs at once in tests)."""
    report = PanelReport.objects.create(date_from=date_from, date_to=date_to, prepared_by=user)
    tasks.prepare_panel_report.enqueue(report.pk)
    report.refresh_from_db()
    assert report.is_prepared
    return report


def pdf_text(report, tmp_path) -> str:
    """The PDF's words, each run of spaces and line breaks as one space (cells wrap)."""
    with report.pdf.open("rb") as handle:
        return " ".join(Pdf(handle.read(), tmp_path).text().split())


def csv_text(report) -> str:
    with report.csv.open("rb") as handle:
        return handle.read().decode()


def csv_rows(report) -> list[dict]:
    return list(csv.DictReader(io.StringIO(csv_text(report))))


# --- What it holds --------------------------------------------------------------------


def test_it_lists_the_decisions_signed_in_the_period_and_none_outside_it(january, alice, tmp_path):
    report = prepare(alice, *JANUARY)
    text = pdf_text(report, tmp_path)
    for title in ["Signed on the first day", "Custody suite refurbishment",
                  "Signed on the last day"]:  # fmt: skip
        assert title in text
    for title in ["Signed the day before", "Signed the day after", "Already decided"]:
        assert title not in text
    assert "PANEL 2025-015" in text
    assert (
        "In this period: 3 signed, 0 amended, 0 withdrawn, 0 with a confidential part "
        "released; 2 board meetings held."
    ) in text


def test_its_csv_has_one_row_per_decision_event_with_a_link_to_the_notice(january, alice, settings):
    rows = csv_rows(prepare(alice, *JANUARY))
    assert list(rows[0]) == ["reference", "title", "event", "date", "signed_by", "note", "url"]
    assert [(r["title"], r["event"], r["date"]) for r in rows] == [
        ("Signed on the first day", "signed", "2025-01-01"),
        ("Custody suite refurbishment", "signed", "2025-01-15"),
        ("Signed on the last day", "signed", "2025-01-31"),
    ]
    custody = rows[1]
    assert custody["reference"] == "PANEL 2025-015"
    assert custody["signed_by"] == "Sam Taylor, West Midlands Police and Crime Commissioner"
    assert custody["url"] == f"{settings.SITE_URL}/decisions/panel-2025-015/"


def test_it_shows_amendments_and_withdrawals_as_such(alice, carol, tmp_path):
    amended = _signed_on(datetime.date(2024, 6, 1), "Rural crime fund")
    workflow.propose_amendment(amended, by=alice, change_note="The fund's total is corrected.")
    workflow.sign_amendment(amended, by=carol)
    withdrawn = _signed_on(datetime.date(2024, 6, 2), "Old estates plan")
    workflow.propose_withdrawal(withdrawn, by=alice, reason="Superseded by the new plan.")
    workflow.sign_amendment(withdrawn, by=carol)
    today = timezone.localdate()

    report = prepare(alice, today - datetime.timedelta(days=7), today)
    text = pdf_text(report, tmp_path)
    assert "Decisions amended" in text and "The fund's total is corrected." in text
    assert "Decisions withdrawn" in text and "Superseded by the new plan." in text
    assert "No decision was signed in this period." in text
    assert [(r["title"], r["event"], r["note"]) for r in csv_rows(report)] == [
        ("Rural crime fund", "amended", "The fund's total is corrected."),
        ("Old estates plan", "withdrawn", "Superseded by the new plan."),
    ]


def test_it_shows_a_confidential_part_released_but_not_the_part_kept(alice, carol, board, tmp_path):
    from decisions.workflow import release_part

    decision = factories.draft(created_by=alice, title="Custody contract")
    released = factories.confidential_part(decision, order=1, heading="Prices", body="1m")
    factories.confidential_part(decision, order=2, heading="Informant", body="SECRETKEPTNAME")
    factories.sign_through_workflow(decision, drafter=alice, commissioner=carol, board_=board)
    release_part(decision, by=carol, part=released.pk)
    today = timezone.localdate()

    report = prepare(alice, today, today)
    text = pdf_text(report, tmp_path)
    assert "Confidential parts released" in text
    assert "1 signed, 0 amended, 0 withdrawn, 1 with a confidential part released" in text
    assert "SECRETKEPTNAME" not in text
    assert [r["event"] for r in csv_rows(report)] == ["signed", "released"]


def test_it_counts_a_past_decision_by_its_signed_date_and_only_when_known(alice):
    record_past_decision(PastDecision(
        reference="PCD 101", title="Recorded with its date", decision_maker_name="A. Person",
        signed_on=datetime.date(2025, 1, 10),
    ))  # fmt: skip
    record_past_decision(PastDecision(
        reference="PCD 102", title="Recorded without a signed date",
        decision_maker_name="A. Person", published_on=datetime.date(2025, 1, 12),
    ))  # fmt: skip
    assert [r["reference"] for r in csv_rows(prepare(alice, *JANUARY))] == ["PCD 101"]


def test_it_gives_the_forward_plan_as_it_stands_as_the_public_page_shows_it(
    january, alice, tmp_path
):
    text = pdf_text(prepare(alice, *JANUARY), tmp_path)
    assert "New response vehicles" in text
    assert "Replacing the oldest response cars." in text
    assert "June 2030" in text and "Gate 1: planned for July 2030" in text
    assert "Not yet put to a board" in text
    assert "Taken off the plan" not in text
    assert "Already decided" not in text


def test_it_lists_the_meetings_held_in_the_period_with_their_public_items(january, alice, tmp_path):
    text = pdf_text(prepare(alice, *JANUARY), tmp_path)
    assert "Lloyd House" in text and "In public" in text
    assert "1. Victims' services commissioning" in text
    assert "2. Private item" in text
    assert "Closed room" in text and "In private" in text
    assert "Held in private: its agenda is not published." in text
    assert "Meeting after January" not in text


def test_a_meeting_still_to_come_is_not_held(alice, board, tmp_path):
    today = timezone.localdate()
    factories.meeting(board, date=today + datetime.timedelta(days=3), place="Next week's room")
    text = pdf_text(prepare(alice, today, today + datetime.timedelta(days=30)), tmp_path)
    assert "Next week's room" not in text
    assert "No board meeting was held in this period." in text


def test_nothing_private_reaches_the_pdf_or_the_csv(january, alice, tmp_path):
    report = prepare(alice, datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
    text = pdf_text(report, tmp_path)
    spreadsheet = csv_text(report)
    for secret in SECRETS:
        assert secret not in text, secret
        assert secret not in spreadsheet, secret


def test_its_csv_cells_never_run_as_formulas(alice):
    _signed_on(datetime.date(2025, 1, 5), '=HYPERLINK("http://evil.example")')
    assert csv_rows(prepare(alice, *JANUARY))[0]["title"].startswith("'=HYPERLINK")


# --- The PDF, to the notices' standard ------------------------------------------------


def test_its_pdf_is_tagged_with_title_language_headings_and_table_headers(january, alice, tmp_path):
    with prepare(alice, *JANUARY).pdf.open("rb") as handle:
        data = handle.read()
    assert problems(data) == []
    found = tags(data)
    headings = [tag for tag, _ in found if tag in ("H1", "H2")]
    assert headings == ["H1", "H2", "H2", "H2", "H2", "H2", "H2"]
    assert ("TH", "TR") in found and ("TD", "TR") in found
    # Each table's first column heads its row (the decision, the meeting), the rest a column.
    assert set(header_scopes(data)) == {"/Row", "/Column"}
    title = "Report to the Police and Crime Panel, 1 January 2025 to 31 January 2025"
    assert Pdf(data, tmp_path).info()["Title"] == title
    assert Pdf(data, tmp_path).catalog()["/Lang"] == "u:en-GB"


def test_it_says_who_prepared_it_and_stores_each_file_with_its_sha256(january, alice, tmp_path):
    report = prepare(alice, *JANUARY)
    assert "Prepared by alice on" in pdf_text(report, tmp_path)
    for stored, digest in [(report.pdf, report.pdf_sha256), (report.csv, report.csv_sha256)]:
        with stored.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == digest


# --- In the admin -----------------------------------------------------------------------

ADMIN = "/admin/decisions/panelreport/"


def _ask(client, date_from, date_to):
    return client.post(f"{ADMIN}add/", {"date_from": date_from, "date_to": date_to})


def test_staff_prepare_it_in_the_admin_and_download_its_files(january, as_admin):
    form = as_admin.get(f"{ADMIN}add/").content.decode()
    assert "Prepare the Panel report" in form and 'type="date"' in form
    assert PanelReport.objects.count() == 0  # a GET saves nothing

    response = _ask(as_admin, "2025-01-01", "2025-01-31")
    assert response.status_code == 302 and response["Location"] == ADMIN
    report = PanelReport.objects.get()
    listing = as_admin.get(ADMIN).content.decode()
    assert "1 January 2025 to 31 January 2025" in listing
    assert "The Panel report for 1 January 2025 to 31 January 2025 is ready." in listing
    assert f'href="{ADMIN}{report.pk}/pdf/"' in listing

    pdf = as_admin.get(f"{ADMIN}{report.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    spreadsheet = as_admin.get(f"{ADMIN}{report.pk}/csv/")
    assert spreadsheet["Content-Type"] == "text/csv; charset=utf-8"
    disposition = spreadsheet["Content-Disposition"]
    assert disposition == 'attachment; filename="panel-report-2025-01-01-to-2025-01-31.csv"'
    assert spreadsheet["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"Custody suite refurbishment" in b"".join(spreadsheet.streaming_content)


def test_a_report_of_up_to_five_years_may_be_asked_for_and_the_asking_is_audited(
    as_admin, admin_user
):
    assert _ask(as_admin, "2020-01-01", "2024-12-31").status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.PANEL_REPORT)
    assert event.user == admin_user and event.ip_address == "127.0.0.1"
    assert "1 January 2020 to 31 December 2024" in event.detail


@pytest.mark.parametrize(
    ("date_from", "date_to", "message"),
    [
        ("2025-01-31", "2025-01-01", "The report would end before it starts"),
        ("", "2025-01-31", "Give the day the report starts."),
        ("2025-01-01", "", "Give the day the report ends."),
        ("2025-02-30", "2025-03-01", "Give a date, such as 2026-01-31."),
        ("yesterday", "2025-03-01", "Give a date, such as 2026-01-31."),
        ("2025-01-01\x00", "2025-03-01", "Give a date, such as 2026-01-31."),
        ("99999-01-01", "2025-03-01", "Give a date, such as 2026-01-31."),
        ("0001-01-01", "0001-01-02", "Give a date from 1900 to 2999."),
        ("9999-12-31", "9999-12-31", "Give a date from 1900 to 2999."),
        ("2019-01-01", "2025-01-01", "A report covers at most five years"),
    ],
)
def test_a_bad_period_is_a_form_error_never_a_server_error(as_admin, date_from, date_to, message):
    response = _ask(as_admin, date_from, date_to)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert PanelReport.objects.count() == 0


def test_nobody_edits_a_report(january, as_admin):
    _ask(as_admin, "2025-01-01", "2025-01-31")
    report = PanelReport.objects.get()
    page = as_admin.get(f"{ADMIN}{report.pk}/change/").content.decode()
    assert report.pdf_sha256 in page and 'name="_save"' not in page
    forged = {"date_from": "2024-01-01", "date_to": "2025-12-31"}
    assert as_admin.post(f"{ADMIN}{report.pk}/change/", forged).status_code == 403
    report.refresh_from_db()
    assert report.date_from == datetime.date(2025, 1, 1)
    report.date_to = datetime.date(2025, 2, 28)
    with pytest.raises(FrozenRecordError):  # nor does code
        report.save()


@pytest.mark.django_db(transaction=True)
def test_the_request_only_asks_and_the_worker_makes_the_report(settings, client, alice):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(alice)
    listing = client.get(_ask(client, "2025-01-01", "2025-01-31")["Location"]).content.decode()
    assert "is being prepared" in listing and "Being prepared (asked for" in listing
    report = PanelReport.objects.get()
    assert not report.is_prepared  # nothing rendered in the request
    assert client.get(f"{ADMIN}{report.pk}/pdf/").status_code == 404
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    report.refresh_from_db()
    assert report.is_prepared and client.get(f"{ADMIN}{report.pk}/pdf/").status_code == 200


# --- Who may do what --------------------------------------------------------------------

ACTORS = ["alice", "bob", "carol", "dave", "admin_user", "anonymous"]
# The office prepares the Panel's report and the Commissioner reads it; board members
# and staff without a role reach none of it.
MAY_VIEW = {"alice", "carol", "admin_user"}
MAY_PREPARE = {"alice", "admin_user"}


def _expect(response, actor, allowed):
    if actor == "anonymous":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == (200 if allowed else 403), response.status_code


@pytest.mark.parametrize("actor", ACTORS)
def test_each_role_reaches_only_what_it_may_and_no_get_saves_anything(
    client, request, january, admin_user, actor
):
    report = prepare(admin_user, *JANUARY)
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    saved = lambda: (PanelReport.objects.count(), AuditEvent.objects.count())  # noqa: E731
    before = saved()
    for url in [ADMIN, f"{ADMIN}{report.pk}/change/", f"{ADMIN}{report.pk}/history/",
                f"{ADMIN}{report.pk}/pdf/", f"{ADMIN}{report.pk}/csv/"]:  # fmt: skip
        _expect(client.get(url), actor, actor in MAY_VIEW)
    _expect(client.get(f"{ADMIN}add/"), actor, actor in MAY_PREPARE)
    _expect(client.get(f"{ADMIN}{report.pk}/delete/"), actor, actor == "admin_user")
    assert saved() == before
    if actor in MAY_VIEW:
        listing = client.get(ADMIN).content.decode()
        assert ("Prepare the Panel report" in listing) == (actor in MAY_PREPARE)

    response = _ask(client, "2025-01-01", "2025-01-31")
    if actor in MAY_PREPARE:
        assert response.status_code == 302 and PanelReport.objects.count() == 2
    else:
        _expect(response, actor, allowed=False)
        assert PanelReport.objects.count() == 1


def test_only_an_administrator_deletes_a_report_and_its_files_go_with_it(
    january, as_admin, admin_user, settings, django_capture_on_commit_callbacks
):
    report = prepare(admin_user, *JANUARY)
    files = [settings.MEDIA_ROOT / report.pdf.name, settings.MEDIA_ROOT / report.csv.name]
    assert all(path.exists() for path in files)
    with django_capture_on_commit_callbacks(execute=True):
        as_admin.post(f"{ADMIN}{report.pk}/delete/", {"post": "yes"})
    assert PanelReport.objects.count() == 0
    assert not any(path.exists() for path in files)


def test_its_pdf_is_signed_by_the_office_over_the_whole_file(alice, tmp_path):
    import subprocess

    report = prepare(alice, *JANUARY)
    path = tmp_path / "report.pdf"
    with report.pdf.open("rb") as handle:
        path.write_bytes(handle.read())
    checked = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, timeout=60, check=False
    ).stdout
    assert "Signature is Valid." in checked and "Total document signed" in checked
    assert hashlib.sha256(path.read_bytes()).hexdigest() == report.pdf_sha256


def test_a_report_a_lost_worker_left_unmade_is_made_by_republish_pdfs(alice):
    from django.test import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        report = PanelReport.objects.create(
            date_from=JANUARY[0], date_to=JANUARY[1], prepared_by=alice
        )
        tasks.prepare_panel_report.enqueue(report.pk)  # queued, and never run
    report.refresh_from_db()
    assert not report.is_prepared

    call_command("republish_pdfs", verbosity=0)
    report.refresh_from_db()
    assert report.is_prepared and report.pdf_sha256

"""An office brings its earlier register in: fixtures/import/register.csv holds one row
of each shape real records take (per calendar year, per financial year, continuous,
by term of office, document numbers, several series; a Commissioner, a Deputy, a Mayor
and officers under delegation; dates all different, or none; several contacts; PDFs
with text and a scan without). Each record is checked against its row on its page,
its PDF, its JSON and search, field by field."""

import csv
import hashlib
import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from decisions import workflow
from decisions.models import (
    Decision,
    DecisionStatus,
    LogEntry,
    NoticeVersion,
    NumberingSeries,
    Period,
)
from decisions.models.freeze import FrozenRecordError
from tests import factories
from tests.pdf_tools import Pdf

pytestmark = pytest.mark.django_db

SAMPLE = Path(django_settings.BASE_DIR) / "fixtures" / "import"
ALL_ROWS = list(csv.DictReader((SAMPLE / "register.csv").open(encoding="utf-8")))
ENTRY_STATUSES = {"deferred", "withdrawn", "not published"}
# Published notices; the rest are entries of the old register that are not notices.
ROWS = [row for row in ALL_ROWS if row["status"] not in ENTRY_STATUSES]
ENTRIES = [row for row in ALL_ROWS if row["status"] in ENTRY_STATUSES]
ON_BEHALF = {"deputy", "delegated_officer"}


@pytest.fixture
def office_series():
    """The series the sample names, as an office sets them up in the admin first."""
    made = {}
    for name, pattern, period, default in [
        ("Commissioner's decisions", "PCD {number}", Period.CONTINUOUS, True),
        ("Decisions by year", "{number:03d}/{year}", Period.CALENDAR_YEAR, False),
        ("Decisions by financial year", "{financial_year}-{number:03d}",
         Period.FINANCIAL_YEAR, False),
        ("Third term", "WPCC3-{number:04d}", Period.CONTINUOUS, False),
        ("Chief executive's decisions", "CEX {number:03d}", Period.CONTINUOUS, False),
    ]:  # fmt: skip
        made[name] = NumberingSeries.objects.create(
            name=name, pattern=pattern, period=period, is_default=default
        )
    return made


def _import(*extra, index=SAMPLE / "register.csv", files=SAMPLE / "pdfs", capsys=None):
    call_command("import_register", str(index), "--files", str(files), *extra)
    return capsys.readouterr() if capsys else None


def _long_date(iso):
    year, month, day = (int(part) for part in iso.split("-"))
    import datetime

    return datetime.date(year, month, day).strftime("%-d %B %Y")


def _iso(text):
    if "/" in text:
        day, month, year = text.split("/")
        return f"{year}-{month}-{day}"
    return text


def _words(html):
    return " ".join(html.split())


def _text(html):
    """What a reader reads: the page without its tags."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def imported(office_series, capsys):
    _import(capsys=capsys)
    return {row["reference"]: Decision.objects.get(reference=row["reference"]) for row in ALL_ROWS}


def test_a_dry_run_reports_and_changes_nothing(office_series, capsys):
    out = _import("--dry-run", capsys=capsys).out
    assert f"Dry run: {len(ALL_ROWS)} decision(s) would be imported" in out
    assert not Decision.objects.exists()
    assert not NoticeVersion.objects.exists()


def test_each_record_reads_as_its_row_on_its_page(client, imported):
    for row in ROWS:
        _check_page(client, imported[row["reference"]], row)


def _check_page(client, decision, row):
    html = _words(client.get(decision.get_absolute_url()).content.decode())
    page = _text(html)
    assert f"{row['reference']} {row['title']}" in page
    assert "comes from the office's earlier register" in page
    maker = f"Decision maker: {row['decision_maker_name']}"
    if row["decision_maker_title"]:
        maker += f", {row['decision_maker_title']}"
    if row["decision_maker_role"] in ON_BEHALF:
        maker += ", on behalf of the Police and Crime Commissioner"
    assert maker in page
    signed = _iso(row["signed_on"])
    assert (f"Signed: {_long_date(signed)}" if signed else "Signed: date not recorded") in page
    published = _iso(row["published_on"])
    expected = f"Published: {_long_date(published)}" if published else "date not recorded"
    assert expected in page
    if row["effective_on"]:
        assert f"Takes effect: {_long_date(row['effective_on'])}" in page
    for name in filter(None, (n.strip() for n in row["contact_names"].split(";"))):
        assert f"<li>{name}</li>" in html
    for part in filter(None, row["withheld"].split("|")):
        ground, _, review = (piece.strip() for piece in part.partition(";"))
        when = (
            f"To be reviewed for release after {_long_date(review)}."
            if review
            else ("No date is set to review it for release.")
        )
        assert f"Exemption: {ground}. {when}" in page


def test_each_record_s_pdf_json_and_search_hit_match_its_row(client, imported, tmp_path):
    for row in ROWS:
        _check_pdf_json_and_search(client, imported[row["reference"]], row, tmp_path)


def _check_pdf_json_and_search(client, decision, row, tmp_path):
    served = b"".join(client.get(f"/decisions/{decision.slug}.pdf").streaming_content)
    if row["pdf"]:
        original = (SAMPLE / "pdfs" / row["pdf"]).read_bytes()
        assert served == original  # the original stays the authoritative copy
        digest = hashlib.sha256(original).hexdigest()
        assert digest in client.get(decision.get_absolute_url()).content.decode()
    else:
        assert row["title"] in " ".join(Pdf(served, tmp_path).text().split())
    data = json.loads(client.get(f"/api/decisions/{decision.slug}.json").content)
    assert data["reference"] == row["reference"]
    assert data["title"] == row["title"]
    assert data["signed_on"] == _iso(row["signed_on"])
    assert data["published_on"] == _iso(row["published_on"])
    assert data["signed_by"] == row["decision_maker_name"]
    assert data["signed_by_title"] == row["decision_maker_title"]
    assert data["status"] == "published"
    found = client.get("/decisions/", {"q": row["reference"]}).content.decode()
    assert decision.get_absolute_url() in found


def test_text_is_read_from_a_pdf_for_search_where_the_row_gives_none(client, imported):
    # "central" is only in the PDF of 2024/25-017, not in its title.
    found = client.get("/decisions/", {"q": "central"}).content.decode()
    assert imported["2024/25-017"].get_absolute_url() in found


def test_references_take_their_place_in_their_series(imported, office_series, alice, carol, board):
    assert imported["PCD1861"].reference_number == 1861
    assert imported["005/2022"].reference_period == 2022
    assert imported["2024/25-017"].reference_period == 2024
    assert imported["CEX 041"].series == office_series["Chief executive's decisions"]
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board
    )
    assert workflow.sign(ready, by=carol, declaration="none").reference == "PCD 1862"
    term = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board,
        series=office_series["Third term"],
    )  # fmt: skip
    assert workflow.sign(term, by=carol, declaration="none").reference == "WPCC3-0050"


def test_a_record_with_no_dates_is_placed_by_its_reference_and_says_not_recorded(client, imported):
    undated = imported["017/2015"]
    assert undated.signed_on is None and undated.signed_at.year == 2015
    listing = _words(client.get("/decisions/2015/").content.decode())
    assert "017/2015" in listing and "Signed (date not recorded)" in listing


def test_imported_records_reach_the_feed_exports_and_public_log(client, imported):
    feed = client.get("/decisions/feed/").content.decode()
    assert "PCD1861" in feed
    rows = list(csv.DictReader(
        b"".join(client.get("/decisions.csv").streaming_content).decode().splitlines()
    ))  # fmt: skip
    assert {row["reference"] for row in rows} == {row["reference"] for row in ALL_ROWS}
    assert LogEntry.objects.count() == len(ROWS)  # entries publish no notice
    log = client.get("/transparency/log.json").content.decode()
    assert "WPCC3-0049" in log


def test_a_second_run_adds_nothing(office_series, capsys):
    _import(capsys=capsys)
    counts = (Decision.objects.count(), NoticeVersion.objects.count(), LogEntry.objects.count())
    out = _import(capsys=capsys).out
    assert f"Imported 0 decision(s); {len(ALL_ROWS)} already on the register." in out
    after = (Decision.objects.count(), NoticeVersion.objects.count(), LogEntry.objects.count())
    assert after == counts


def test_a_bad_csv_is_refused_with_row_and_column_and_changes_nothing(
    office_series, tmp_path, capsys
):
    lines = (SAMPLE / "register.csv").read_text("utf-8").splitlines()
    bad = [lines[0], *lines[1:3]]  # two good rows, then one problem a row
    bad.append("PCD 5,No such series,A title,,Ron Ball,,,,,,,,,,,")
    bad.append("PCD 6,,Another,,Ron Ball,,,31/02/2020,,,,,,,,")
    bad.append("PCD 7,,Missing file,,Ron Ball,,,,,,,,,,,nowhere.pdf")
    bad.append("PCD 8,,Escaping,,Ron Ball,,,,,,,,,,,../register.csv")
    bad.append("PCD 338,,A duplicate,,Ron Ball,,,,,,,,,,,")
    bad.append("PCD 12,,Withheld,,Ron Ball,,,,,,,,,,Personal data; soon,")
    bad.append("PCD 9,,,,,,chief,,,,postponed,,,,,")
    bad.append("PCD 10,,,,,,,,,,not published,,,,,")
    bad.append("PCD 11,,Deferred,,,,,,,,deferred,,,,,pcd-338.pdf")
    index = tmp_path / "bad.csv"
    index.write_text("\n".join(bad), "utf-8")
    with pytest.raises(CommandError, match="problem\\(s\\) found: nothing was imported"):
        _import(index=index)
    err = capsys.readouterr().err
    assert "row 4, column series: No numbering series is called 'No such series'." in err
    assert "row 5, column signed_on: '31/02/2020' is not a date" in err
    assert "row 6, column pdf: No file 'nowhere.pdf' in the files folder." in err
    assert "row 7, column pdf: No file '../register.csv'" in err
    assert "row 8, column reference: PCD 338 is also in row 2." in err
    assert "row 9, column withheld: 'soon' is not a date" in err
    assert "row 10, column title: Give the decision's title." in err
    assert "row 10, column decision_maker_name: Give who made the decision." in err
    assert "row 10, column decision_maker_role: Use one of:" in err
    assert "row 10, column status: 'postponed': use signed, deferred, withdrawn or not" in err
    assert "row 11, column reason_not_published: Give the public reason" in err
    assert "row 12, column pdf: An entry that is not a published notice has no PDF." in err
    assert not Decision.objects.exists()
    assert not NoticeVersion.objects.exists()


def test_a_file_that_is_not_a_csv_of_the_register_is_refused(office_series, tmp_path, capsys):
    index = tmp_path / "wrong.csv"
    index.write_text("name,date\nx,y\n", "utf-8")
    with pytest.raises(CommandError):
        _import(index=index)
    err = capsys.readouterr().err
    assert "row 1, column reference: This column is missing." in err
    assert "row 1, column name: Not a column this import knows." in err
    latin = tmp_path / "latin.csv"
    latin.write_bytes("reference,title,decision_maker_name\nA,Caf\xe9,B\n".encode("latin-1"))
    with pytest.raises(CommandError):
        _import(index=latin)
    assert "Cannot read the file as UTF-8 CSV" in capsys.readouterr().err


def test_entries_that_are_not_notices_show_their_reference_date_and_reason_only(client, imported):
    for row in ENTRIES:
        entry = imported[row["reference"]]
        page = _text(client.get(entry.get_absolute_url()).content.decode())
        assert row["reference"] in page
        assert f"Date {_long_date(row['signed_on'])}" in page
        if row["reason_not_published"]:
            assert f"Reason {row['reason_not_published']}" in page
        assert client.get(f"/decisions/{entry.slug}.pdf").status_code == 404
    withheld = imported["003/2016"]
    assert withheld.get_status_display() == "Not published"
    everything = [
        client.get(withheld.get_absolute_url()).content,
        client.get("/decisions/", {"q": "Bidder"}).content,
        b"".join(client.get("/decisions.csv").streaming_content),
        b"".join(client.get("/decisions.json").streaming_content),
    ]
    assert not any(b"4.2m" in body for body in everything)


def test_entries_are_listed_filtered_and_exported_with_their_status(client, imported):
    listing = _text(client.get("/decisions/2016/").content.decode())
    assert "001/2016 : Firearms licensing fees Deferred , 12 January 2016" in listing
    assert (
        "003/2016 : Sale of the former training centre Not published Commercially sensitive"
        in listing
    )
    filtered = client.get("/decisions/", {"status": "not_a_notice"}).content.decode()
    assert "3 decisions" in filtered
    data = json.loads(client.get(f"/api/decisions/{imported['003/2016'].slug}.json").content)
    assert (data["status"], data["reason_not_published"]) == (
        "not published",
        "Commercially sensitive",
    )
    assert data["executive_summary"] == "" and data["pdf_url"] == ""
    deferred = json.loads(client.get(f"/api/decisions/{imported['002/2016'].slug}.json").content)
    assert deferred["status"] == "withdrawn before signature"


def test_an_entry_never_changes(client, admin_user, imported):
    entry = imported["001/2016"]
    entry.title = "Changed"
    with pytest.raises(FrozenRecordError):
        entry.save()
    client.force_login(admin_user)
    page = client.get(f"/admin/decisions/decision/{entry.pk}/change/").content.decode()
    assert "is an entry of the earlier register on the public register" in page
    assert (
        client.post(f"/admin/decisions/decision/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Decision.objects.get(pk=entry.pk).title == "Firearms licensing fees"


def test_an_import_that_fails_part_way_leaves_nothing_behind(office_series, monkeypatch):
    from decisions import importing

    recorded = []
    real = importing.record_past_decision

    def fail_on_the_third(past, *, by=None):
        if len(recorded) == 2:
            raise RuntimeError("the disk filled up")
        recorded.append(past.reference)
        return real(past, by=by)

    monkeypatch.setattr(importing, "record_past_decision", fail_on_the_third)
    with pytest.raises(RuntimeError):
        _import()
    assert recorded == [ROWS[0]["reference"], ROWS[1]["reference"]]
    assert not Decision.objects.exists()
    assert not NoticeVersion.objects.exists()
    assert not LogEntry.objects.exists()

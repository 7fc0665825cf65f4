"""Numbering series: each office's own references, continuing from its earlier register.

Found by an office trying the register: after PCD 338 and PCD 890 the next signing
gave "PCD 1"; after WPCC3-0049 it gave WPCC3-0001; financial-year references could
not be written; a pattern without {number} was accepted and the second signing
never returned.
"""

import datetime
from unittest import mock

import pytest
from django.utils import timezone
from django.utils.html import escape

from decisions import workflow
from decisions.models import Decision, DecisionStatus, NumberingSeries, Period
from decisions.references import pattern_problem
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]

SERIES_ADD = "/admin/decisions/numberingseries/add/"


def _series(pattern, period=Period.CONTINUOUS, *, name=None, default=True):
    return NumberingSeries.objects.create(
        name=name or pattern, pattern=pattern, period=period, is_default=default
    )


def _sign(alice, carol, board, **fields):
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board, **fields
    )
    return workflow.sign(ready, by=carol, declaration="none")


def _recorded(reference, signed_on=datetime.date(2019, 6, 1), **fields):
    return factories.signed(reference=reference, signed_on=signed_on, **fields)


def test_a_continuous_series_continues_from_the_earlier_register(alice, carol, board):
    _series("PCD {number}")
    _recorded("PCD 338", datetime.date(2016, 3, 1))
    _recorded("PCD1861", datetime.date(2023, 11, 2))  # written without its space
    _recorded("PCD 890", datetime.date(2018, 5, 9))
    assert _sign(alice, carol, board).reference == "PCD 1862"
    assert _sign(alice, carol, board).reference == "PCD 1863"


def test_a_series_named_by_the_term_of_office_keeps_its_padding(alice, carol, board):
    _series("WPCC3-{number:04d}")
    _recorded("WPCC3-0049")
    signed = _sign(alice, carol, board)
    assert signed.reference == "WPCC3-0050"
    assert signed.get_absolute_url() == "/decisions/wpcc3-0050/"


def test_a_calendar_year_series_starts_again_each_year_and_follows_imported_numbers(
    alice, carol, board
):
    year = timezone.localdate().year
    _series("{number:03d}/{year}", Period.CALENDAR_YEAR)
    _recorded(f"004/{year - 1}", datetime.date(year - 1, 2, 1))
    _recorded(f"005/{year}", datetime.date(year, 1, 2))
    assert _sign(alice, carol, board).reference == f"006/{year}"


def test_a_financial_year_series_rolls_over_in_april():
    series = _series("{financial_year}-{number:03d}", Period.FINANCIAL_YEAR)
    _recorded("2024/25-017", datetime.date(2025, 3, 20))
    assert series.next_reference(datetime.date(2025, 3, 31))[2] == "2024/25-018"
    assert series.next_reference(datetime.date(2025, 4, 1))[2] == "2025/26-001"


def test_the_financial_year_starts_in_the_month_the_office_sets(settings):
    settings.FINANCIAL_YEAR_START_MONTH = 7
    series = _series("FY{financial_year}/{number}", Period.FINANCIAL_YEAR)
    assert series.next_reference(datetime.date(2025, 6, 30))[2] == "FY2024/25/1"
    assert series.next_reference(datetime.date(2025, 7, 1))[2] == "FY2025/26/1"


def test_signing_across_the_new_financial_year_gives_the_new_years_first_number(
    alice, carol, board
):
    _series("{financial_year}-{number:03d}", Period.FINANCIAL_YEAR)
    march = timezone.make_aware(datetime.datetime(2027, 3, 31, 12))
    april = timezone.make_aware(datetime.datetime(2027, 4, 1, 12))
    with mock.patch("django.utils.timezone.now", return_value=march):
        first = _sign(alice, carol, board)
    with mock.patch("django.utils.timezone.now", return_value=april):
        second = _sign(alice, carol, board)
    assert (first.reference, second.reference) == ("2026/27-001", "2027/28-001")


def test_several_series_each_number_their_own_decisions(alice, carol, board):
    _series("PCD {number}")
    chief_executive = _series("CEX {number:03d}", name="Chief executive", default=False)
    _recorded("CEX 041", series=chief_executive)
    assert _sign(alice, carol, board).reference == "PCD 1"
    assert _sign(alice, carol, board, series=chief_executive).reference == "CEX 042"
    assert _sign(alice, carol, board).reference == "PCD 2"


def test_a_reference_already_written_the_same_way_is_stepped_over(alice, carol, board):
    series = _series("D{number}")
    other = _series("Legacy", name="Legacy register", default=False)
    _recorded("D1", series=other)  # not in the series, so it has no number in it
    assert _sign(alice, carol, board, series=series).reference == "D2"


def test_references_are_read_however_the_office_wrote_them():
    series = _series("{number} - {year}", Period.CALENDAR_YEAR)
    assert series.read("3 - 2013", None) == (2013, 3)
    assert series.read("3 – 2013", None) == (2013, 3)  # an en dash
    assert series.read("3-2013", None) == (2013, 3)
    assert series.read("Decision 3 of 2013", None) is None
    documents = _series("{year}-{number}", Period.CALENDAR_YEAR, name="Documents", default=False)
    assert documents.read("2018-91184", None) == (2018, 91184)
    pcc = _series("PCC/D/{year}/{number:02d}", Period.CALENDAR_YEAR, name="D", default=False)
    assert pcc.read("pcc/d/2024/04", None) == (2024, 4)


@pytest.mark.parametrize(
    ("pattern", "period", "message"),
    [
        ("PCD", Period.CONTINUOUS,
         "The pattern must contain {number}, where each decision's number goes."),
        ("PCD {num}", Period.CONTINUOUS, "The pattern uses {num}, which is not known here. "
         "Use only {number}, {year} and {financial_year}."),
        ("PCD {number", Period.CONTINUOUS,
         "The pattern has an unmatched { or }. Write {number} where the number goes."),
        ("PCD {number:q}", Period.CONTINUOUS,
         "The format after {number: must be one for whole numbers, such as 03d."),
        ("{number:03d}", Period.CALENDAR_YEAR, "A series that starts again each calendar year "
         "must show {year} in its pattern, or two years would share references."),
        ("{year}-{number}", Period.FINANCIAL_YEAR, "A series that starts again each financial "
         "year must show {financial_year} in its pattern, or two years would share references."),
        ("X" * 40 + "{number}", Period.CONTINUOUS,
         "References in this pattern would be longer than 40 characters."),
        # The longest reference is the five-digit number in the financial year's seven
        # characters: one character too many.
        ("{financial_year}-" + "X" * 28 + "{number}", Period.FINANCIAL_YEAR,
         "References in this pattern would be longer than 40 characters."),
    ],
)  # fmt: skip
def test_a_pattern_that_cannot_number_a_series_is_refused_with_a_message(
    as_admin, pattern, period, message
):
    assert pattern_problem(pattern, period) == message
    response = as_admin.post(
        SERIES_ADD, {"name": "New series", "pattern": pattern, "period": period}
    )
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not NumberingSeries.objects.filter(name="New series").exists()


@pytest.mark.parametrize(
    ("pattern", "period", "first"),
    [
        ("{number:03d}/{year}", Period.CALENDAR_YEAR, "001/2025"),
        ("{financial_year}-{number:03d}", Period.FINANCIAL_YEAR, "2025/26-001"),
        ("WPCC3-{number:04d}", Period.CONTINUOUS, "WPCC3-0001"),
        # Forty characters for the longest reference (number 99999): it just fits.
        ("X" * 35 + "{number}", Period.CONTINUOUS, "X" * 35 + "1"),
        ("{financial_year}-" + "X" * 27 + "{number}", Period.FINANCIAL_YEAR,
         "2025/26-" + "X" * 27 + "1"),
    ],
)  # fmt: skip
def test_it_takes_each_pattern_the_help_describes_and_numbers_from_it(
    as_admin, pattern, period, first
):
    response = as_admin.post(
        SERIES_ADD, {"name": "New series", "pattern": pattern, "period": period}
    )
    assert response.status_code == 302
    series = NumberingSeries.objects.get(name="New series")
    assert series.next_reference(datetime.date(2025, 5, 1))[2] == first


def test_it_takes_a_pattern_that_writes_the_year_with_a_format(as_admin):
    pattern = "{number:03d}/{year:04d}"
    assert pattern_problem(pattern, Period.CALENDAR_YEAR) is None
    response = as_admin.post(
        SERIES_ADD, {"name": "New series", "pattern": pattern, "period": Period.CALENDAR_YEAR}
    )
    assert response.status_code == 302


def test_a_series_is_edited_in_the_admin_with_its_history_and_next_reference(as_admin):
    response = as_admin.post(
        SERIES_ADD,
        {"name": "Decisions", "pattern": "PCD {number}", "period": Period.CONTINUOUS,
         "is_default": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    series = NumberingSeries.objects.get(name="Decisions")
    _recorded("PCD 890")
    listing = as_admin.get("/admin/decisions/numberingseries/").content.decode()
    assert "PCD 891" in listing
    history = as_admin.get(f"/admin/decisions/numberingseries/{series.pk}/history/")
    assert history.status_code == 200
    assert series.history.count() == 1


def test_choosing_a_new_default_series_unchooses_the_old_one():
    first = _series("A{number}")
    second = _series("B{number}", name="Second")
    first.refresh_from_db()
    assert not first.is_default
    assert NumberingSeries.objects.default() == second
    assert factories.draft().series == second


def test_renaming_the_default_series_keeps_it_the_default():
    series = _series("A{number}")
    series.name = "The Commissioner's decisions"
    series.save(update_fields=["name"])
    assert NumberingSeries.objects.default() == series


def test_a_series_that_has_numbered_a_decision_cannot_be_deleted(as_admin):
    series = _series("PCD {number}")
    _recorded("PCD 1")
    response = as_admin.post(
        f"/admin/decisions/numberingseries/{series.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert NumberingSeries.objects.filter(pk=series.pk).exists()


def test_a_drafter_cannot_change_the_numbering(as_alice):
    response = as_alice.post(SERIES_ADD, {"name": "Mine", "pattern": "M{number}"})
    assert response.status_code == 403
    assert not NumberingSeries.objects.exists()
    assert Decision.objects.count() == 0


def test_after_pcd_890_the_next_signing_is_pcd_891(alice, carol, board):
    _series("PCD {number}")
    _recorded("PCD 338", datetime.date(2016, 3, 1))
    _recorded("PCD 890", datetime.date(2018, 5, 9))
    assert _sign(alice, carol, board).reference == "PCD 891"


def test_it_continues_a_continuous_series_whose_references_show_the_year(alice, carol, board):
    _series("{number}/{year}")
    _recorded("15/2019", datetime.date(2019, 6, 1))
    assert _sign(alice, carol, board).reference == f"16/{timezone.localdate().year}"


def test_it_continues_a_continuous_series_whose_references_show_the_financial_year():
    series = _series("{financial_year}-{number:03d}")
    _recorded("2024/25-017", datetime.date(2024, 6, 1))
    assert series.next_reference(datetime.date(2026, 5, 1))[2] == "2026/27-018"


def test_it_places_a_reference_in_the_financial_year_it_shows_whatever_its_date():
    series = _series("{financial_year}-{number:03d}", Period.FINANCIAL_YEAR)
    assert series.read("2024/25-017", None) == (2024, 17)
    assert series.read("2024/25-017", datetime.date(2026, 1, 1)) == (2024, 17)


def test_it_reads_a_reference_that_shows_a_field_twice_only_if_both_agree():
    series = _series("{year}-{number:03d}-{year}", Period.CALENDAR_YEAR)
    assert series.read("2024-005-2024", None) == (2024, 5)
    assert series.read("2024-005-2023", None) is None


def test_it_places_a_reference_of_a_continuous_series_without_a_date():
    assert _series("PCD {number}").read("PCD 890", None) == (0, 890)


def test_it_numbers_the_first_draft_of_a_new_register_in_a_default_series(settings):
    settings.REFERENCE_FORMAT = "OPCC/{number:03d}/{year}"
    draft = factories.draft()
    assert NumberingSeries.objects.get() == draft.series
    assert (draft.series.name, draft.series.pattern, draft.series.period) == (
        "Decisions", "OPCC/{number:03d}/{year}", Period.CALENDAR_YEAR
    )  # fmt: skip
    assert draft.series.is_default
    assert factories.draft().series == draft.series

"""Bring an office's earlier register in: a CSV index of its decisions and their PDFs.

Every row is read and checked before anything is written; a run with any problem
writes nothing and says, for each, the row, the column and what is wrong. A run
with none enters every row in one transaction (all or nothing). A row whose
reference was entered by an earlier import is passed over, so a second run adds
nothing.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from decisions.models import Decision, DecisionMakerRole, DecisionStatus, NumberingSeries
from decisions.models.decision import reference_slug
from decisions.workflow.past import PastDecision, past_decision_problems, record_past_decision

# Column -> what it holds (README, "Adopting pccdecisions"). Only the first three
# must have a value in every row.
COLUMNS = {
    "reference": "The reference exactly as the earlier register wrote it.",
    "title": "The decision's title.",
    "decision_maker_name": "Who made it: a name, or a job title alone for an officer.",
    "series": "The numbering series it belongs to (its name in the admin); empty: the default.",
    "summary": "Its summary, if the record has one (Markdown or plain text).",
    "decision_maker_title": "Their title, e.g. Deputy Police and Crime Commissioner.",
    "decision_maker_role": "commissioner (or mayor), deputy, or delegated_officer; empty: "
    "commissioner.",
    "signed_on": "YYYY-MM-DD or DD/MM/YYYY; empty where the record gives none.",
    "published_on": "YYYY-MM-DD or DD/MM/YYYY; empty where the record gives none.",
    "effective_on": "YYYY-MM-DD or DD/MM/YYYY; empty where the record gives none.",
    "status": "signed (or empty) for a published notice; or an entry that is not one: "
    "deferred, withdrawn (before signature), or not published.",
    "reason_not_published": "For 'not published': the public reason, e.g. Commercially sensitive.",
    "contact_names": "Contacts or lead officers, separated by ';'.",
    "links_to": "References of earlier decisions it cites, separated by ';'.",
    "withheld": "Each confidential part not published (never its text): its exemption "
    "ground, then ';' and its review date if it has one; parts separated by '|'.",
    "pdf": "The original signed PDF's file name, inside the --files folder.",
}
REQUIRED = ("reference", "title", "decision_maker_name")
ROLES = {
    "": DecisionMakerRole.OFFICE_HOLDER,
    "commissioner": DecisionMakerRole.OFFICE_HOLDER,
    "mayor": DecisionMakerRole.OFFICE_HOLDER,
    "office_holder": DecisionMakerRole.OFFICE_HOLDER,
    "deputy": DecisionMakerRole.DEPUTY,
    "delegated_officer": DecisionMakerRole.DELEGATED_OFFICER,
    "delegated": DecisionMakerRole.DELEGATED_OFFICER,
    "officer": DecisionMakerRole.DELEGATED_OFFICER,
}
STATUSES = {
    "": DecisionStatus.SIGNED,
    "signed": DecisionStatus.SIGNED,
    "published": DecisionStatus.SIGNED,
    "deferred": DecisionStatus.DEFERRED,
    "withdrawn": DecisionStatus.WITHDRAWN_UNSIGNED,
    "withdrawn before signature": DecisionStatus.WITHDRAWN_UNSIGNED,
    "withdrawn_unsigned": DecisionStatus.WITHDRAWN_UNSIGNED,
    "not published": DecisionStatus.NOT_PUBLISHED,
    "not_published": DecisionStatus.NOT_PUBLISHED,
}
MAX_PDF_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self):
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class Plan:
    """What a run would do: the rows to enter, those already entered, and the problems."""

    records: list[tuple[int, PastDecision]] = field(default_factory=list)
    already: list[tuple[int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _date(text: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.")


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def read_rows(data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, cells) of a CSV from a spreadsheet: UTF-8, with or without a BOM."""
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for number, row in enumerate(reader, start=2):
        yield number, {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}


def plan(data: bytes, pdf_for: Callable[[str], bytes | None]) -> Plan:
    """Read and check every row. `pdf_for(name)` gives a PDF's bytes, or None if the
    file is missing (or outside the folder)."""
    result = Plan()
    try:
        rows = list(read_rows(data))
        header = set(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))).fieldnames or ())
    except (UnicodeDecodeError, csv.Error) as error:
        result.problems.append(Problem(1, "-", f"Cannot read the file as UTF-8 CSV: {error}"))
        return result
    header = {name.strip().lower() for name in header}
    for column in REQUIRED:
        if column not in header:
            result.problems.append(Problem(1, column, "This column is missing."))
    unknown = sorted(header - set(COLUMNS))
    for column in unknown:
        result.problems.append(Problem(1, column, "Not a column this import knows."))
    if result.problems:
        return result
    series = {s.name.lower(): s for s in NumberingSeries.objects.all()}
    seen: dict[str, int] = {}
    for number, cells in rows:
        _plan_row(result, number, cells, series, seen, pdf_for)
    return result


def _plan_row(result, number, cells, series, seen, pdf_for):
    problems = []

    def problem(column, message):
        problems.append(Problem(number, column, message))

    reference = cells.get("reference", "")
    key = reference.lower()
    if key and key in seen:
        problem("reference", f"{reference} is also in row {seen[key]}.")
    seen.setdefault(key, number)
    # By the slug's unique index, not a scan: a 10,000-row import checks each row.
    same = Decision.objects.filter(slug=reference_slug(reference), from_earlier_register=True)
    if key and any(ref.lower() == key for ref in same.values_list("reference", flat=True)):
        result.already.append((number, reference))
        return
    status = STATUSES.get(" ".join(cells.get("status", "").lower().split()))
    if status is None:
        problem("status", f"'{cells['status']}': use signed, deferred, withdrawn or not published.")
    chosen = None
    if name := cells.get("series"):
        chosen = series.get(name.lower())
        if chosen is None:
            problem("series", f"No numbering series is called '{name}'.")
    role = ROLES.get(cells.get("decision_maker_role", "").lower())
    if role is None:
        problem("decision_maker_role", f"Use one of: {', '.join(sorted(set(ROLES) - {''}))}.")
    dates = {}
    for column in ("signed_on", "published_on", "effective_on"):
        try:
            dates[column] = _date(cells.get(column, ""))
        except ValueError as error:
            problem(column, str(error))
    withheld = []
    for part in filter(None, (p.strip() for p in cells.get("withheld", "").split("|"))):
        ground, _, review = (piece.strip() for piece in part.partition(";"))
        try:
            withheld.append((ground, _date(review)))
        except ValueError as error:
            problem("withheld", str(error))
    pdf = None
    if name := cells.get("pdf"):
        pdf = pdf_for(name)
        if pdf is None:
            problem("pdf", f"No file '{name}' in the files folder.")
        elif len(pdf) > MAX_PDF_BYTES:
            problem("pdf", f"'{name}' is over {MAX_PDF_BYTES // 1024 // 1024} MB.")
    record = PastDecision(
        reference=reference,
        title=cells.get("title", ""),
        decision_maker_name=cells.get("decision_maker_name", ""),
        decision_maker_title=cells.get("decision_maker_title", ""),
        decision_maker_role=role or DecisionMakerRole.OFFICE_HOLDER,
        series=chosen,
        summary=cells.get("summary", ""),
        contact_names=_split(cells.get("contact_names", "")),
        links_to=_split(cells.get("links_to", "")),
        withheld=tuple(withheld),
        pdf=pdf,
        status=status or DecisionStatus.SIGNED,
        register_note=cells.get("reason_not_published", ""),
        **dates,
    )
    for column, message in past_decision_problems(record):
        problem(column, message)
    if problems:
        result.problems.extend(problems)
    else:
        result.records.append((number, record))


def files_in(folder: Path) -> Callable[[str], bytes | None]:
    """A PDF's bytes by its name in the folder; None if missing or outside it."""
    root = folder.resolve()

    def pdf_for(name: str) -> bytes | None:
        path = (root / name).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
        return path.read_bytes()

    return pdf_for


def run(result: Plan, *, by=None, progress: Callable[[int, int], None] = lambda done, total: None):
    """Enter every planned row, all or nothing. Call only with no problems."""
    if result.problems:
        raise ValueError("A plan with problems is never run.")
    total = len(result.records)
    with transaction.atomic():
        for done, (_number, record) in enumerate(result.records, start=1):
            record_past_decision(record, by=by)
            progress(done, total)
    return total

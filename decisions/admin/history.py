"""One decision's whole history: the decision and every part of it, newest first."""

from dataclasses import dataclass
from datetime import datetime

from decisions.models import (
    AgendaItem,
    Amendment,
    Annex,
    BackgroundPaper,
    BoardComment,
    ConfidentialPart,
    DecisionLink,
    GatewayRow,
    Section,
)

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Moves on every save, so naming it would hide what really changed.
NOT_CHANGES = ["updated_at"]

# Each part's history, and how its rows find the decision they belong to.
PART_HISTORIES = [
    (Section, "decision_id"),
    (GatewayRow, "decision_id"),
    (BackgroundPaper, "decision_id"),
    (Annex, "decision_id"),
    (ConfidentialPart, "decision_id"),
    (DecisionLink, "from_decision_id"),
    (AgendaItem, "decision_id"),
    (Amendment, "decision_id"),
]


@dataclass
class HistoryRow:
    when: datetime
    who: str
    what: str
    action: str
    why: str
    fields: list[str]


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "the system"
    return user.get_full_name() or user.username


def _rows(records, model, what_for):
    rows = []
    for record in records:
        changed = []
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous, excluded_fields=NOT_CHANGES)
                changed = [str(model._meta.get_field(c.field).verbose_name) for c in delta.changes]
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=_who(record),
                what=what_for(record),
                action=ACTIONS.get(record.history_type, record.history_type),
                why=record.history_change_reason or "",
                fields=changed,
            )
        )
    return rows


def decision_history(decision) -> list[HistoryRow]:
    rows = _rows(
        decision.history.select_related("history_user"), type(decision), lambda r: "Decision"
    )
    for model, key in PART_HISTORIES:
        records = model.history.filter(**{key: decision.pk}).select_related("history_user")
        label = str(model._meta.verbose_name).capitalize()
        rows += _rows(records, model, lambda r, label=label: f"{label}: {r.instance}")
    comments = BoardComment.history.filter(
        agenda_item_id__in=AgendaItem.objects.filter(decision=decision).values("pk")
    ).select_related("history_user")
    rows += _rows(comments, BoardComment, lambda r: "Board comment")
    return sorted(rows, key=lambda row: row.when, reverse=True)

"""History in the admin: one decision's whole history, newest first, and read-only
history pages for every record."""

import difflib
from dataclasses import dataclass
from datetime import datetime

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from simple_history.admin import SimpleHistoryAdmin

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
class FieldChange:
    name: str
    old: str
    new: str
    # For a longer text: its words, each ("same" | "del" | "ins", words), the unchanged
    # stretches cut to their ends, so the change reads in place.
    diff: list[tuple[str, str]] | None = None


@dataclass
class HistoryRow:
    when: datetime
    who: str
    what: str
    action: str
    why: str
    fields: list[FieldChange]


SHOWN_CHARACTERS = 300


def _shown(field, value) -> str:
    """A value as a person reads it: a choice's label, yes or no, or the text, cut short."""
    if value in (None, ""):
        return "(empty)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + " …"


DIFF_FROM = 80  # characters: shorter text reads better as old -> new
CONTEXT = 6  # words kept either side of a change


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    parts = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            same = old_words[a1:a2]
            if len(same) > 2 * CONTEXT:
                head = same[:CONTEXT] if parts else []
                tail = same[-CONTEXT:] if a2 < len(old_words) else []
                same = [*head, "…", *tail]
            parts.append(("same", " ".join(same)))
            continue
        if a2 > a1:
            parts.append(("del", " ".join(old_words[a1:a2])))
        if b2 > b1:
            parts.append(("ins", " ".join(new_words[b1:b2])))
    return [part for part in parts if part[1]]


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
                changed = [_change(model._meta.get_field(c.field), c) for c in delta.changes]
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


def _change(field, change) -> FieldChange:
    old, new = change.old, change.new
    long_text = isinstance(old, str) and isinstance(new, str) and max(len(old), len(new))
    diff = word_diff(old, new) if old and new and long_text > DIFF_FROM else None
    return FieldChange(str(field.verbose_name), _shown(field, old), _shown(field, new), diff)


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


class RecordAdmin(SimpleHistoryAdmin):
    """An admin whose history pages only ever show.

    simple-history adds a page for each earlier version of every record
    (<id>/history/<version>/) that saves on POST and ignores get_queryset. Here
    both history pages show only records this admin's own list would show, the
    version page is read-only, and anything but GET or HEAD is refused.
    """

    object_history_form_template = "admin/record_version.html"

    def _visible_or_404(self, request, object_id):
        try:
            obj = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        except (ValueError, TypeError, ValidationError):
            obj = None
        if obj is None:
            raise Http404("No such record, or not one you can see.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(
                ["GET", "HEAD"], "An earlier version can be read, never saved or restored."
            )
        obj = self._visible_or_404(request, object_id)
        record = (
            obj.history.filter(history_id=version_id).select_related("history_user").first()
            if str(version_id).isdigit()
            else None
        )
        if record is None:
            raise Http404("No such version of this record.")
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"{opts.verbose_name.capitalize()} as it was on "
            f"{formats.date_format(timezone.localtime(record.history_date), 'j F Y H:i')}",
            "opts": opts,
            "original": obj,
            "record": record,
            "who": _who(record),
            "action": ACTIONS.get(record.history_type, record.history_type),
            "fields": _field_values(record, self.model),
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
            ),
        }
        return TemplateResponse(request, self.object_history_form_template, context)


def _field_values(record, model) -> list[tuple[str, str]]:
    rows = []
    for field in model._meta.concrete_fields:
        value = getattr(record, field.attname, None)
        if field.choices:
            value = dict(field.flatchoices).get(value, value)
        elif field.is_relation and value is not None:
            related = getattr(record, field.name, None)
            value = str(related) if related is not None else value
        rows.append((str(field.verbose_name).capitalize(), "" if value is None else str(value)))
    return rows

"""A notice's parts, edited inline on their decision while it is a draft."""

from django.contrib import admin
from django.db import models

from decisions.admin.text_limits import TextLimits
from decisions.forms import AnnexForm, BackgroundPaperForm, ForwardPlanForm, GatewayRowForm
from decisions.models import (
    Annex,
    BackgroundPaper,
    ConfidentialPart,
    DecisionLink,
    DecisionStatus,
    ForwardPlanEntry,
    GatewayRow,
    Section,
)

EDITABLE_STATES = (DecisionStatus.DRAFT, DecisionStatus.WITH_BOARD)


def is_editable(decision) -> bool:
    return decision is None or decision.status in EDITABLE_STATES


class PartInline(TextLimits):
    """A notice's parts can change only while the decision can."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return is_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_editable(obj) and super().has_delete_permission(request, obj)


class ForwardPlanInline(PartInline, admin.StackedInline):
    """Published at once on /forward-plan/: only what is written here for the public."""

    model = ForwardPlanEntry
    form = ForwardPlanForm
    max_num = 1
    can_delete = False  # taken off the plan with a public reason, not deleted
    verbose_name = "forward plan entry (published at once)"
    verbose_name_plural = "forward plan (published at once)"
    classes = ["collapse"]


class SectionInline(PartInline, admin.StackedInline):
    model = Section
    fields = ["order", "level", "heading", "body"]


class GatewayInline(PartInline, admin.TabularInline):
    model = GatewayRow
    form = GatewayRowForm


class BackgroundPaperInline(PartInline, admin.TabularInline):
    model = BackgroundPaper
    form = BackgroundPaperForm


class AnnexInline(PartInline, admin.TabularInline):
    model = Annex
    form = AnnexForm
    classes = ["collapse"]  # most decisions have none: folded until wanted


class DecisionLinkInline(PartInline, admin.TabularInline):
    model = DecisionLink
    fk_name = "from_decision"
    autocomplete_fields = ["to_decision"]
    # A link typed without a scheme is taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    verbose_name = "link to an earlier decision"
    verbose_name_plural = "links to earlier decisions"
    classes = ["collapse"]


class ConfidentialPartInline(PartInline, admin.StackedInline):
    model = ConfidentialPart
    verbose_name = "confidential part (never published)"
    verbose_name_plural = "confidential parts (never published)"
    classes = ["collapse"]


INLINES = [
    ForwardPlanInline,
    SectionInline,
    GatewayInline,
    BackgroundPaperInline,
    AnnexInline,
    DecisionLinkInline,
    ConfidentialPartInline,
]

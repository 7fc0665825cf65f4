from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from decisions.models.freeze import (
    ENTRY_STATES,
    FROZEN_STATES,
    SIGNED_STATES,
    GuardedModel,
    GuardedQuerySet,
)
from decisions.models.numbering import NumberingSeries


def default_public_access_statement() -> str:
    """The statement a new draft starts with, naming who signs in the office's own word."""
    return (
        "Information contained in this decision is subject to the Freedom of Information "
        "Act 2000 and other legislation. This decision will be made available on the "
        f"{settings.DECISION_MAKER}'s website."
    )


def reference_slug(reference: str) -> str:
    """The stable web address of a reference: "PCC/D/2024/04" -> "pcc-d-2024-04"."""
    return slugify(reference.replace("/", "-"))


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    WITH_BOARD = "with_board", "With the board"
    READY = "ready", "Ready for signature"
    SIGNED = "signed", "Signed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    # Entries of an earlier register that are not published notices.
    DEFERRED = "deferred", "Deferred"
    WITHDRAWN_UNSIGNED = "withdrawn_unsigned", "Withdrawn before signature"
    NOT_PUBLISHED = "not_published", "Not published"


class InterestDeclaration(models.TextChoices):
    NONE = "none", "No disclosable pecuniary interest"
    DECLARED = "declared", "An interest is declared"
    NOT_RECORDED = "not_recorded", "Not recorded on the notice (older decisions)"


def search_vector_of(heading, summary, document):
    """What PostgreSQL's search reads: the reference and title weigh most, then the
    summary, then the rest of the notice. Each argument is an expression (a Value for
    one decision, or F() for many at once)."""
    from django.contrib.postgres.search import SearchVector

    def weighted(text, weight):
        return SearchVector(text, config="english", weight=weight)

    return weighted(heading, "A") + weighted(summary, "B") + weighted(document, "C")


class DecisionMakerRole(models.TextChoices):
    OFFICE_HOLDER = "office_holder", "The Commissioner (or the Mayor) in person"
    DEPUTY = "deputy", "A Deputy, on behalf of the Commissioner"
    DELEGATED_OFFICER = "delegated_officer", "An officer acting under delegation"


class DecisionQuerySet(GuardedQuerySet):
    def published(self):
        """Everything the public may see: signed decisions, including withdrawn ones.

        Every public view starts here, so none can show an unsigned decision.
        """
        return self.filter(status__in=SIGNED_STATES)

    def on_register(self):
        """Every line of the public register: published notices, and the entries of an
        earlier register that are not notices (shown with their reason, nothing else)."""
        return self.filter(status__in=FROZEN_STATES)

    def entries(self):
        """Deferred, withdrawn before signature, or not published: no notice."""
        return self.filter(status__in=ENTRY_STATES)

    def in_force(self):
        """Published and not withdrawn (amended ones included)."""
        return self.filter(status=DecisionStatus.SIGNED)

    def withdrawn(self):
        return self.filter(status=DecisionStatus.WITHDRAWN)


class Decision(GuardedModel):
    """A decision of the Commissioner, from first draft to signed notice."""

    # NULL, not "", until signed: the unique constraint must allow many unsigned drafts.
    reference = models.CharField(  # noqa: DJ001
        max_length=40,
        null=True,
        blank=True,
        editable=False,
        help_text="Given when the Commissioner signs: the next of its series.",
    )
    slug = models.SlugField(max_length=60, null=True, blank=True, editable=False)  # noqa: DJ001
    series = models.ForeignKey(
        "decisions.NumberingSeries",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="numbering series",
        help_text="Signing gives the decision the next reference of this series "
        "(left empty: the series new drafts use).",
    )
    # Which run of its series the number belongs to: the year, the financial year's
    # first year, or 0 for a series that never starts again. Both are set with the
    # reference; the next signing follows the highest number of the run.
    reference_period = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    reference_number = models.PositiveIntegerField(null=True, blank=True, editable=False)

    title = models.CharField(max_length=300)
    executive_summary = models.TextField(blank=True, help_text="Markdown.")
    decision_heading = models.CharField(
        max_length=200,
        default="Decision",
        help_text="The heading over the decision and reasons, e.g. 'Recommendation and reasons'.",
    )
    decision_text = models.TextField(
        "decision",
        blank=True,
        help_text="The decision itself: one or more resolutions, as a Markdown list where "
        "there are several.",
    )
    reasons = models.TextField(blank=True, help_text="Markdown.")

    status = models.CharField(
        max_length=20,
        choices=DecisionStatus.choices,
        default=DecisionStatus.DRAFT,
        editable=False,
    )
    urgency_reason = models.TextField(
        blank=True,
        help_text="Only for an urgent decision that skips the board: why. Shown on the notice.",
    )

    made_at = models.CharField(
        "made at",
        max_length=300,
        blank=True,
        help_text="The meeting or decision session where it was made, e.g. 'Police and "
        "Crime Commissioner Decision Session'.",
    )
    made_on = models.DateField("date of session", null=True, blank=True)

    contact_officer = models.ForeignKey(
        "decisions.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    gateway_is_indicative = models.BooleanField(
        "gateway timetable is indicative",
        default=True,
        help_text="Prints 'this is an indicative timetable and therefore may change'.",
    )
    gateway_note = models.TextField(
        blank=True, help_text="Shown under the gateway timetable. Markdown."
    )
    public_access_statement = models.TextField(
        "public access statement", blank=True, default=default_public_access_statement
    )

    signatory = models.ForeignKey(
        "decisions.Signatory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    # Copied from the signatory at signing: the notice keeps the title held that day.
    signed_name = models.CharField(max_length=200, blank=True, editable=False)
    signed_title = models.CharField(max_length=200, blank=True, editable=False)
    declaration = models.CharField(
        "declaration of interests",
        max_length=20,
        choices=InterestDeclaration.choices,
        blank=True,
        help_text="Made by the Commissioner when signing.",
    )
    interests_declared = models.TextField(
        blank=True, help_text="The disclosable pecuniary interest, in words, if one is declared."
    )
    withdrawal_reason = models.TextField(blank=True, editable=False)
    # The boards it was put to, named as they were at signing, for the open data.
    signed_boards = models.TextField(blank=True, editable=False)
    # The public words of the notice, fixed at signing (as the notice is), for
    # full-text search. Never holds a confidential part.
    search_document = models.TextField(blank=True, editable=False)
    # The same words, analysed once at signing for PostgreSQL's full-text search
    # (title and reference weigh most). Empty on SQLite, which searches the text.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    put_to_board_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_for_signature_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    # A decision made before this register existed, recorded from the office's earlier
    # register as it was: its dates are those the record gives (each may be unknown),
    # and its decision maker may be a Deputy or an officer acting under delegation.
    from_earlier_register = models.BooleanField(default=False, editable=False)
    decision_maker_role = models.CharField(
        max_length=20, choices=DecisionMakerRole.choices, blank=True, editable=False
    )
    # For an entry that is not a notice: the reason the public is given, e.g.
    # "Commercially sensitive".
    register_note = models.TextField(blank=True, editable=False)
    signed_on = models.DateField(null=True, blank=True, editable=False)
    published_on = models.DateField(null=True, blank=True, editable=False)
    effective_on = models.DateField(null=True, blank=True, editable=False)

    objects = DecisionQuerySet.as_manager()
    # The search fields are derived from the rest at signing: no need to keep copies.
    history = HistoricalRecords(excluded_fields=["search_document", "search_vector"])

    class Meta:
        ordering = ["-signed_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                name="decision_reference_is_unique",
                violation_error_message="Another decision already has this reference.",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                name="decision_slug_is_unique",
                violation_error_message="Another decision already has a reference that gives "
                "the same web address.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=SIGNED_STATES)
                | (
                    models.Q(reference__isnull=False)
                    & ~models.Q(reference="")
                    & models.Q(slug__isnull=False)
                    & models.Q(signed_at__isnull=False)
                    & (models.Q(signatory__isnull=False) | models.Q(from_earlier_register=True))
                    & ~models.Q(signed_name="")
                    & ~models.Q(declaration="")
                ),
                name="signed_decision_has_reference_signatory_and_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=ENTRY_STATES)
                | (
                    models.Q(reference__isnull=False)
                    & models.Q(slug__isnull=False)
                    & models.Q(signed_at__isnull=False)
                    & models.Q(from_earlier_register=True)
                ),
                name="register_entry_has_reference_and_place",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=DecisionStatus.WITHDRAWN)
                | (models.Q(withdrawn_at__isnull=False) & ~models.Q(withdrawal_reason="")),
                name="withdrawn_decision_has_reason_and_time",
            ),
        ]
        indexes = [
            # The highest number of a series' run, read at each signing.
            models.Index(
                fields=["series", "reference_period", "-reference_number"],
                name="decision_series_number_idx",
            ),
            models.Index(fields=["status", "-signed_at"], name="decision_register_idx"),
            # The register's own order, for every line of it (on_register(); published()
            # asks for fewer states, which this still serves): page 500 walks this index
            # like page 1 does, with no sort of the whole register. Its condition must be
            # on_register()'s, or PostgreSQL cannot use it for the register at all.
            models.Index(
                fields=["-signed_at", "-id"],
                condition=models.Q(status__in=FROZEN_STATES),
                name="decision_register_order_idx",
            ),
            # The same order for the decisions in force, the register's most asked-for
            # filter: without it, listing them sorted the whole table (180 ms).
            models.Index(
                fields=["-signed_at", "-id"],
                condition=models.Q(status=DecisionStatus.SIGNED),
                name="decision_in_force_order_idx",
            ),
        ]
        permissions = [
            ("draft_decision", "Can draft decisions and move them through the office"),
            ("comment_on_decision", "Can comment on drafts on their board's agendas"),
            ("sign_decision", "Can sign decisions, amendments and withdrawals"),
            (
                "record_past_decision",
                "Can record decisions from the office's earlier register (they are published "
                "at once)",
            ),
        ]

    def __str__(self):
        return f"{self.display_reference}: {self.title}"

    def save(self, *args, **kwargs):
        if self.series_id is None:
            self.series = NumberingSeries.objects.default()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if not self.slug:
            return ""
        return reverse("decisions:detail", kwargs={"slug": self.slug})

    def set_search_vector(self):
        """Analyse the public words now, in the same save as the signing (PostgreSQL).

        After the save, the attribute holds the expression: refresh_from_db to read it.
        """
        if connection.vendor == "postgresql":
            self.search_vector = self.search_columns(self.search_document)["search_vector"]

    def search_columns(self, document: str) -> dict:
        """What search reads for this decision, given the public words of its notices."""
        columns = {"search_document": document}
        if connection.vendor == "postgresql":
            columns["search_vector"] = search_vector_of(
                Value(f"{self.reference or ''} {self.title}"),
                Value(self.executive_summary or ""),
                Value(document or ""),
            )
        return columns

    @property
    def is_signed(self) -> bool:
        return self.status in SIGNED_STATES

    @property
    def signed_date(self):
        """The date it was signed, as the public is told it: None where an earlier
        register's record gives none (signed_at then only places it in the register)."""
        if self.from_earlier_register:
            return self.signed_on
        return self.signed_at.date() if self.signed_at else None

    @property
    def published_date(self):
        """The date it was published, as the public is told it (None: not recorded)."""
        if self.from_earlier_register:
            return self.published_on
        published = self.published_at or self.signed_at
        return published.date() if published else None

    @property
    def is_entry(self) -> bool:
        """On the register without a notice: deferred, withdrawn before signature, or
        not published."""
        return self.status in ENTRY_STATES

    @property
    def is_withdrawn(self) -> bool:
        return self.status == DecisionStatus.WITHDRAWN

    @property
    def display_reference(self) -> str:
        """The reference, or the office's placeholder for a draft (e.g. "0XX/2013")."""
        if self.reference:
            return self.reference
        year = (self.created_at or timezone.now()).year
        return settings.REFERENCE_PLACEHOLDER.format(year=year)

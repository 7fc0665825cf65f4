from django.conf import settings
from django.db import models
from django.utils import formats
from simple_history.models import HistoricalRecords


class Board(models.Model):
    """A board that comments on draft decisions, e.g. the Strategic Policing and Crime Board."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="boards",
        help_text="Board members who may read and comment on drafts on this board's agendas.",
    )

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BoardMeeting(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    held_in_public = models.BooleanField(
        default=True,
        help_text="The agenda and reports of a meeting held in public are published "
        "once the office publishes the agenda.",
    )
    agenda_published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the office published the agenda and papers. Empty until then.",
    )
    minutes = models.TextField(
        blank=True, help_text="Markdown. Published once the meeting is held."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "date", "start_time"],
                name="one_meeting_of_a_board_at_a_time",
                violation_error_message="This board already meets at that date and time.",
            )
        ]

    def __str__(self):
        return f"{self.board}, {formats.date_format(self.date, 'j F Y')}"


class AgendaItemQuerySet(models.QuerySet):
    def public_papers(self):
        """Items whose papers the law makes public: on the published agenda of a meeting
        held in public, and not taken in private."""
        return self.filter(
            meeting__held_in_public=True,
            meeting__agenda_published_at__isnull=False,
            is_private=False,
        )


class AgendaItem(models.Model):
    """A draft decision put to a board meeting, with the board report that presents it."""

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.PROTECT, related_name="items")
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="agenda_items"
    )
    number = models.PositiveSmallIntegerField(default=1, help_text="Order on the agenda.")
    is_private = models.BooleanField(
        default=False,
        help_text="Taken in private: listed publicly only as 'private item', with no content.",
    )
    report_title = models.CharField(max_length=300, blank=True)
    purpose = models.TextField(blank=True, help_text="Purpose of the report. Markdown.")
    background = models.TextField(blank=True, help_text="Markdown.")
    recommendations = models.TextField(blank=True, help_text="Markdown.")
    authors = models.ManyToManyField(
        "decisions.Contact", blank=True, related_name="authored_reports"
    )

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[authors])

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "decision"],
                name="a_decision_is_on_an_agenda_once",
                violation_error_message="This decision is already on that meeting's agenda.",
            ),
        ]

    def __str__(self):
        return f"Item {self.number}: {self.report_title or self.decision.title}"

    @property
    def is_public_paper(self) -> bool:
        """The same rule as AgendaItemQuerySet.public_papers(), for one item in hand."""
        meeting = self.meeting
        return meeting.held_in_public and bool(meeting.agenda_published_at) and not self.is_private


class BoardComment(models.Model):
    """A board member's comment on a draft, recorded against its agenda item."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_comments"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Comment by {self.author} on {self.agenda_item}"

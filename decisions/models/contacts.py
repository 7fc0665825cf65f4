from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Contact(models.Model):
    """A person named on a notice: a contact officer or a board report's author."""

    name = models.CharField(max_length=200)
    position = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    telephone = models.CharField(
        max_length=50,
        blank=True,
        help_text="As it should be printed, e.g. 0121 626 6060.",
    )
    email = models.EmailField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "position"]

    def __str__(self):
        return ", ".join(part for part in (self.name, self.position) if part)


class Signatory(models.Model):
    """Someone who may sign decisions: the Commissioner, or a deputy with delegation.

    Commissioners change at elections, so each term is its own row; a signed
    decision also copies the name and title so the notice never changes when a
    later term is edited.
    """

    name = models.CharField(max_length=200)
    title = models.CharField(
        max_length=200,
        help_text="As printed under the signature, e.g. Police and Crime Commissioner for "
        "Northshire, or Deputy Police and Crime Commissioner.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatory_terms",
        help_text="The account that signs as this person, if they sign in this register.",
    )
    term_start = models.DateField()
    term_end = models.DateField(null=True, blank=True, help_text="Empty while in office.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-term_start"]
        verbose_name_plural = "signatories"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="signatory_term_ends_after_it_starts",
                violation_error_message="A term cannot end before it starts.",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.title}"

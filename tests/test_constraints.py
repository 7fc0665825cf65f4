"""The database itself refuses a signed decision without its reference, signatory or time."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from decisions.models import Decision, DecisionLink, DecisionStatus
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]


def _refused(**changes):
    """The database refuses, even past the models' own guards (plain QuerySet.update)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        QuerySet.update(Decision.objects.filter(pk=changes.pop("pk")), **changes)


def test_a_signed_decision_must_have_a_reference_signatory_and_time():
    decision = factories.draft()
    _refused(pk=decision.pk, status=DecisionStatus.SIGNED)
    signed = factories.signed()
    _refused(pk=signed.pk, reference=None)
    _refused(pk=signed.pk, signed_at=None)
    _refused(pk=signed.pk, signatory=None)
    _refused(pk=signed.pk, declaration="")


def test_a_reference_is_unique():
    factories.signed(reference="WMPCC 2013-005")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.signed(reference="WMPCC 2013-005")


def test_many_drafts_may_have_no_reference_yet():
    factories.draft()
    factories.draft()
    assert Decision.objects.filter(reference__isnull=True).count() == 2


def test_a_withdrawn_decision_must_say_why():
    signed = factories.signed()
    _refused(pk=signed.pk, status=DecisionStatus.WITHDRAWN, withdrawn_at=timezone.now())


def test_a_link_needs_a_target_and_cannot_point_at_itself():
    decision = factories.draft()
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionLink.objects.create(from_decision=decision)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionLink.objects.create(from_decision=decision, to_decision=decision)


def test_a_draft_shows_the_placeholder_of_its_year(settings):
    settings.REFERENCE_PLACEHOLDER = "0XX/{year}"
    decision = factories.draft()
    assert decision.display_reference == f"0XX/{timezone.now().year}"

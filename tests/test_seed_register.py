"""The benchmark's register generator: realistic, signed, numbered without gaps."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from decisions.models import Decision, NoticeDocument

pytestmark = pytest.mark.django_db


def test_it_makes_signed_decisions_of_realistic_length_numbered_without_gaps(capsys):
    call_command("seed_register", "40", "--years", "3", "--batch", "15")
    decisions = Decision.objects.published()
    assert decisions.count() == 40
    assert "Seeded 40 signed decisions." in capsys.readouterr().out
    for year in {d.signed_at.year for d in decisions}:
        numbers = sorted(
            decisions.filter(reference_year=year).values_list("reference_number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))
    sizes = [len(d.search_document) for d in decisions]
    assert min(sizes) > 2_000 and max(sizes) < 40_000
    assert NoticeDocument.objects.filter(decision__in=decisions).count() == 40
    # Each is a whole notice, readable as any signed one is.
    notice = decisions.first()
    from django.test import Client

    assert notice.title in Client().get(notice.get_absolute_url()).content.decode()


@pytest.mark.postgresql
def test_it_leaves_the_guards_on_afterwards():
    call_command("seed_register", "3", "--years", "1")
    signed = Decision.objects.published().first()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_decision SET title = 'x' WHERE id = %s", [signed.pk])


def test_bad_arguments_get_a_clear_message():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_register", "0")

"""The benchmark's register generator: realistic, signed, numbered without gaps."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from bench.seeding import main as seed
from decisions.models import Decision, NoticeDocument

pytestmark = pytest.mark.django_db


def test_it_makes_signed_decisions_of_realistic_length_numbered_without_gaps(capsys):
    seed(["40", "--years", "3", "--batch", "15"])
    decisions = Decision.objects.published()
    assert decisions.count() == 40
    assert "Seeded 40 signed decisions." in capsys.readouterr().out
    for year in {d.signed_at.year for d in decisions}:
        numbers = sorted(
            decisions.filter(reference_period=year).values_list("reference_number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))
    sizes = [len(d.search_document) for d in decisions]
    assert min(sizes) > 2_000 and max(sizes) < 40_000
    assert NoticeDocument.objects.filter(decision__in=decisions).count() == 40
    # Each is a whole notice, readable as any signed one is.
    notice = decisions.first()
    assert notice.title in Client().get(notice.get_absolute_url()).content.decode()


@pytest.mark.postgresql
def test_it_leaves_the_guards_on_afterwards():
    seed(["3", "--years", "1"])
    signed = Decision.objects.published().first()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_decision SET title = 'x' WHERE id = %s", [signed.pk])


@pytest.mark.postgresql
def test_its_decisions_are_found_by_search_as_signed_ones_are():
    seed(["5", "--years", "1"])
    decision = Decision.objects.published().first()
    word = decision.title.split()[0]
    page = Client().get("/decisions/", {"q": word}).content.decode()
    assert decision.reference in page


def test_bad_arguments_get_a_clear_message(capsys):
    with pytest.raises(SystemExit):
        seed(["0"])
    assert "at least 1" in capsys.readouterr().err

"""`pk__any_of`: the same decisions as `pk__in`, asked with the ids as one array on
PostgreSQL (the open data's marks and a search's ranking read hundreds at once)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.models import Decision
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_finds_the_decisions_whose_ids_it_is_given_and_no_others():
    first, second, _third = (factories.draft(title=t) for t in ("One", "Two", "Three"))
    chosen = Decision.objects.filter(pk__any_of=[second.pk, first.pk, second.pk])
    assert sorted(chosen.values_list("title", flat=True)) == ["One", "Two"]
    assert not Decision.objects.filter(pk__any_of=[]).exists()


@pytest.mark.postgresql
def test_it_sends_the_ids_as_one_array_not_a_placeholder_each():
    ids = [factories.draft(title=f"Draft {n}").pk for n in range(3)]
    with CaptureQueriesContext(connection) as captured:
        assert Decision.objects.filter(pk__any_of=ids).count() == 3
    (query,) = captured.captured_queries
    assert "= ANY(" in query["sql"] and " IN (" not in query["sql"]

"""Counts for the register's pages that stay cheap on a register of any size."""

import hashlib

from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.utils.functional import cached_property

from decisions.models import Decision, RegisterVersion
from decisions.public.search import SEARCH_COUNT_CAP


def per_register_version(key, compute):
    """Computed once for each version of the register (it changes at each signing)."""
    cache = caches["default"]
    # Hashed: the key holds a reader's query string, of any length.
    digest = hashlib.sha256(key.encode()).hexdigest()
    full_key = f"register:{RegisterVersion.current()}:{digest}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, 24 * 3600)
    return value


def published_years():
    """Every year from the first decision to the last: two index lookups, not a scan."""

    def compute():
        span = Decision.objects.published().aggregate(first=Min("signed_at"), last=Max("signed_at"))
        if span["first"] is None:
            return []
        return list(range(span["last"].year, span["first"].year - 1, -1))

    return per_register_version("years", compute)


class RegisterPaginator(Paginator):
    """Exact counts for the register and its filters (cached per register version);
    for a search, a count that stops at SEARCH_COUNT_CAP."""

    def __init__(self, object_list, per_page, *, count_key, searching, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.searching = searching

    @cached_property
    def count(self):
        if self.searching:
            return self.object_list.order_by()[: SEARCH_COUNT_CAP + 1].count()
        return per_register_version(f"count:{self.count_key}", self.object_list.count)

    @property
    def capped(self):
        return self.searching and self.count > SEARCH_COUNT_CAP

    def page(self, number):
        if not self.capped:
            return super().page(number)
        # The count stopped early, so it must not cut the page short either.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)

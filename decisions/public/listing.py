"""A filter's matches in the register's order, as the ids of its decisions (with the
status of each that is not simply signed), kept in Django's cache in blocks, for each
version of the register.

Walking to page 2,000 of a filter makes PostgreSQL step over 40,000 matches (for a board
filter, each through a join): 10-50 ms at 100,000 decisions. The ids of every match are
read once, in one pass over the order index, the first time anyone asks for any page of
that filter; every other page of it, for every reader, is then one cache read of the
block holding it, whatever its depth, until the next signing changes the register's
version and with it every key.

Beside the ids, each block keeps the status of its decisions that are not simply signed
(withdrawn ones, and entries of an earlier register): a row of the register's lists is
kept by id and status (register_rows.py), so a page whose rows are all kept is read
without asking the database anything.
"""

import hashlib
from array import array

from django.core.cache import caches
from django.utils.functional import cached_property

from decisions.models import Decision, DecisionStatus, RegisterVersion
from decisions.models.freeze import FROZEN_STATES

# Every status on the register but plain "signed": named, so the status index finds
# them (a "not signed" condition reads the whole table: 200 ms at 100,000 decisions).
NOT_SIMPLY_SIGNED = [status for status in FROZEN_STATES if status != DecisionStatus.SIGNED]

# Ids per cache entry: 16 KB, a hundred register pages (or twenty of the API's).
BLOCK = 2000


class RegisterIds:
    """The ids of `queryset` (ordered ids), sliced and counted as Django's Paginator
    does with a list; `key` names the filter (its query string, less the page)."""

    def __init__(self, queryset, key: str):
        self.queryset = queryset
        digest = hashlib.sha256(key.encode()).hexdigest()
        self.cache = caches["default"]
        self.prefix = f"register-listing:{RegisterVersion.current()}:{digest}"
        self.made = None  # every block, when this request read them from the database
        self.others = {}  # id: status, for the decisions read that are not simply signed

    def count(self) -> int:
        return self.length

    def __len__(self) -> int:
        return self.length

    @cached_property
    def length(self) -> int:
        length = self.cache.get(f"{self.prefix}:length")
        return self._make() if length is None else length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("RegisterIds is read a page, a slice, at a time")
        start, stop, _ = index.indices(self.length)
        if stop <= start:
            return []
        numbers = range(start // BLOCK, (stop - 1) // BLOCK + 1)
        blocks = self._blocks(numbers)
        ids = array("q")
        for number in numbers:
            block_ids, others = blocks[number]
            ids.frombytes(block_ids)
            self.others.update(others)
        offset = numbers[0] * BLOCK
        return ids[start - offset : stop - offset].tolist()

    def status(self, pk) -> str:
        """The status of a decision on a page already read."""
        return self.others.get(pk, DecisionStatus.SIGNED)

    def _blocks(self, numbers) -> dict[int, tuple[bytes, dict]]:
        if self.made is None:
            keys = {f"{self.prefix}:{number}": number for number in numbers}
            found = self.cache.get_many(keys)
            if len(found) == len(keys):
                return {keys[key]: value for key, value in found.items()}
            self._make()  # a block was evicted: read them all again
        return self.made

    def _make(self) -> int:
        ids = array("q", self.queryset)
        # Few, and found through the status index: reading every match's status with
        # its id would read the table, not the order index alone (30 ms to 160 ms for
        # the whole register of 100,000).
        others = self.queryset.order_by().filter(status__in=NOT_SIMPLY_SIGNED)
        others = dict(others.values_list("pk", "status"))
        position = {pk: index for index, pk in enumerate(ids)} if others else {}
        by_block = {}
        for pk, status in others.items():
            if pk in position:  # else it was put on the register between the two reads
                by_block.setdefault(position[pk] // BLOCK, {})[pk] = status
        self.made = {
            number: (ids[start : start + BLOCK].tobytes(), by_block.get(number, {}))
            for number, start in enumerate(range(0, len(ids), BLOCK))
        }
        entries = {f"{self.prefix}:{number}": block for number, block in self.made.items()}
        # The length last: whoever finds it finds the blocks too (unless evicted).
        self.cache.set_many(entries, CACHE_SECONDS)
        self.cache.set(f"{self.prefix}:length", len(ids), CACHE_SECONDS)
        return len(ids)


def matching(filters):
    """The ids of the decisions these filters (or this search) choose, newest first, as
    a query."""
    queryset = filters.apply(Decision.objects.on_register()).order_by("-signed_at", "-id")
    return queryset.values_list("pk", flat=True)


def matching_ids(filters):
    """The ids `matching()` reads: a filter's kept as above, a search's read afresh
    (searches are too many to keep)."""
    ids = matching(filters)
    return list(ids) if filters.query_text else RegisterIds(ids, filters.filter_key)


# A version of the register seldom lasts a day; the key changes with it anyway.
CACHE_SECONDS = 24 * 3600

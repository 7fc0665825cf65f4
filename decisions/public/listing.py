"""A filter's matches in the register's order, as the ids of its decisions, kept in
Django's cache in blocks, for each version of the register.

Walking to page 2,000 of a filter makes PostgreSQL step over 40,000 matches (for a board
filter, each through a join): 10-50 ms at 100,000 decisions. The ids of every match are
read once, in one pass over the order index, the first time anyone asks for any page of
that filter; every other page of it, for every reader, is then one cache read of the
block holding it, whatever its depth, until the next signing changes the register's
version and with it every key.
"""

import hashlib
from array import array

from django.core.cache import caches
from django.utils.functional import cached_property

from decisions.models import RegisterVersion

# Ids per cache entry: 16 KB, a hundred register pages (or twenty of the API's).
BLOCK = 2000


class RegisterIds:
    """The ids of `queryset` (ordered ids), sliced and counted as Django's Paginator
    does with a list; `key` names the filter (its query string, less the page)."""

    def __init__(self, queryset, key: str):
        self.queryset = queryset
        digest = hashlib.sha256(key.encode()).hexdigest()
        self.cache = caches["default"]
        self.prefix = f"register-ids:{RegisterVersion.current()}:{digest}"
        self.made = None  # every block, when this request read them from the database

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
            ids.frombytes(blocks[number])
        offset = numbers[0] * BLOCK
        return ids[start - offset : stop - offset].tolist()

    def _blocks(self, numbers) -> dict[int, bytes]:
        if self.made is None:
            keys = {f"{self.prefix}:{number}": number for number in numbers}
            found = self.cache.get_many(keys)
            if len(found) == len(keys):
                return {keys[key]: value for key, value in found.items()}
            self._make()  # a block was evicted: read them all again
        return self.made

    def _make(self) -> int:
        ids = array("q", self.queryset)
        self.made = {
            number: ids[start : start + BLOCK].tobytes()
            for number, start in enumerate(range(0, len(ids), BLOCK))
        }
        entries = {f"{self.prefix}:{number}": block for number, block in self.made.items()}
        # The length last: whoever finds it finds the blocks too (unless evicted).
        self.cache.set_many(entries, CACHE_SECONDS)
        self.cache.set(f"{self.prefix}:length", len(ids), CACHE_SECONDS)
        return len(ids)


# A version of the register seldom lasts a day; the key changes with it anyway.
CACHE_SECONDS = 24 * 3600

"""What is made once and kept in Django's cache under a key that names everything that
can change it (the register's rows, register_rows.py; open data's, public/data_rows.py):
so a kept value is never stale, only unused."""

from django.core.cache import caches

# Never wrong, only unused: kept a year, or until the cache needs the room.
KEEP_SECONDS = 365 * 24 * 3600


def kept(keys, make) -> dict:
    """The values kept under `keys`, by key; those the cache lacks made by
    `make(missing_keys)` (a dict by key) and kept."""
    cache = caches["default"]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        made = make(missing)
        cache.set_many(made, KEEP_SECONDS)
        found.update(made)
    return found

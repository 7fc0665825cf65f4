"""The lists readers open first after a signing, made ready before they arrive.

A signing changes the register's version, and with it the key of every filter's ids
(listing.py): the first reader of each list then waits while its ids are read (up to
70 ms for a board's at 100,000 decisions, and every worker is busy on a news day). Once
a publication has committed, the background worker makes the ids of the whole register
and of each single filter (each year, board and status) in the shared cache. Searches
and combined filters are too many to make ahead; their first reader makes them.
"""

from decisions.public.finding import STATUS_CHOICES, filter_choices, register_filters
from decisions.public.listing import RegisterIds
from decisions.public.register import register_list


def first_lists() -> list[dict]:
    """The filters of the lists readers open first: none, then each one alone."""
    years, boards = filter_choices()
    return [
        {},
        *({"year": str(year)} for year in years),
        *({"board": slug} for slug, _ in boards),
        *({"status": value} for value, _ in STATUS_CHOICES if value),
    ]


def make_first_lists(**signal_kwargs) -> int:
    """Make the ids of each of first_lists() that the cache does not hold yet, as the
    register's pages would (the same list, under the same key); how many lists."""
    lists = first_lists()
    for params in lists:
        filters = register_filters(params)
        ids = register_list(filters).values_list("pk", flat=True)
        RegisterIds(ids, filters.filter_key).count()  # read from the cache, or made and kept
    return len(lists)

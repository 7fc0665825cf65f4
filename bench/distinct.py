"""Readers do not repeat one URL (issue 16): each request of these runs asks for a
different one, so the page cache holds almost nothing that is asked for, and the
figures are those a news day's readers meet.

For each kind of page, DISTINCT_URLS paths: searches for words and phrases drawn the
way the seeded text was written (bench/vocabulary.py, Zipf-spread over a large
vocabulary), some with an excluded word or a quoted phrase; register and API pages at
random depths with random year, board and status filters; random notices and PDFs; the
feed and the CSV with random filters. wrk walks each list with bench/distinct.lua.
"""

import math
import os
import random
import urllib.parse

from bench.config import ROOT
from bench.vocabulary import Vocabulary

DISTINCT_URLS = int(os.environ.get("BENCH_DISTINCT_URLS", "5000"))
DEEPEST_PAGE = 2000


def _search_terms(vocabulary, rng, count):
    terms = set()
    while len(terms) < count:
        shape = rng.random()
        words = vocabulary.draw(3)
        if shape < 0.6:
            terms.add(words[0])
        elif shape < 0.8:
            terms.add(f"{words[0]} {words[1]}")
        elif shape < 0.9:
            terms.add(f'"{words[0]} {words[1]}"')
        else:
            terms.add(f"{words[0]} -{words[1]}")
    return sorted(terms)


class _Filters:
    """Random year, board and status filters, and how many pages each combination has."""

    def __init__(self, rng):
        from decisions.models import Decision
        from decisions.public.finding import register_filters

        form = register_filters({})
        self.rng = rng
        self.choices = {
            name: [str(value) for value, _ in form.fields[name].choices if value != ""]
            for name in ("year", "board", "status")
        }
        self.published = Decision.objects.published()
        self.counts = {}

    def pick(self) -> dict:
        chosen = {}
        for name, values in self.choices.items():
            if values and self.rng.random() < 0.5:
                chosen[name] = self.rng.choice(values)
        return chosen

    def matching(self, chosen) -> int:
        from decisions.public.finding import register_filters

        key = tuple(sorted(chosen.items()))
        if key not in self.counts:
            self.counts[key] = register_filters(chosen).apply(self.published).count()
        return self.counts[key]

    def paged(self, page_size) -> dict:
        """Filters and a page that exists for them (no deeper than DEEPEST_PAGE)."""
        chosen = self.pick()
        pages = max(1, math.ceil(self.matching(chosen) / page_size))
        return {**chosen, "page": self.rng.randint(1, min(DEEPEST_PAGE, pages))}


def _some(filters, rng) -> dict:
    return filters.pick() or {"year": rng.choice(filters.choices["year"])}


def url_lists(count=DISTINCT_URLS, seed=16) -> dict[str, list[str]]:
    from decisions.models import Decision
    from decisions.public.api import PAGE_SIZE as API_PAGE
    from decisions.public.register import PAGE_SIZE as REGISTER_PAGE

    rng = random.Random(seed)  # noqa: S311 - a benchmark's choices, not security
    filters = _Filters(rng)
    slugs = list(Decision.objects.published().values_list("slug", flat=True))
    notices = rng.sample(slugs, min(count, len(slugs)))
    query = urllib.parse.urlencode
    searches = _search_terms(Vocabulary(seed), rng, count)
    return {
        "searches": [f"/decisions/?{query({'q': term})}" for term in searches],
        "register pages": [
            f"/decisions/?{query(filters.paged(REGISTER_PAGE))}" for _ in range(count)
        ],
        "notice pages": [f"/decisions/{slug}/" for slug in notices],
        "notice PDFs": [f"/decisions/{slug}.pdf" for slug in notices],
        "Atom feeds": [f"/decisions/feed/?{query(filters.pick())}" for _ in range(count)],
        "feeds for a search": [f"/decisions/feed/?{query({'q': t})}" for t in searches],
        # Filtered, as the whole register's CSV is a download of its own.
        "CSV, filtered": [f"/decisions.csv?{query(_some(filters, rng))}" for _ in range(count)],
        "API pages, filtered": [
            f"/api/decisions.json?{query(filters.paged(API_PAGE))}" for _ in range(count)
        ],
    }


def make_notice_pages(lists) -> int:
    """The pages of the notices to be read, made as publishing makes each one (the seeded
    register is written in bulk, not published one by one)."""
    from decisions import made_pages

    slugs = [path.split("/")[2] for path in lists["notice pages"]]
    return sum(made_pages.make(slug) for slug in slugs)


def make_register_rows(cache_url) -> int:
    """Every decision's row in the register's lists, made into the server's shared cache
    as publishing makes each one (the seeded register is written in bulk, not published).
    With each worker's own memory as the cache there is nothing to share: none made."""
    if not cache_url.startswith("redis://"):
        return 0
    from decisions import register_rows
    from decisions.public.register import register_queryset
    from pccdecisions.redis_cache import RedisCache

    cache = RedisCache(cache_url, {})
    chunk, made = [], 0
    for decision in register_queryset().defer("search_document").iterator(chunk_size=2000):
        chunk.append(decision)
        if len(chunk) == 2000:
            register_rows.make_rows(chunk, cache)
            made, chunk = made + len(chunk), []
    register_rows.make_rows(chunk, cache)
    return made + len(chunk)


def make_data_rows(cache_url) -> int:
    """Every decision's open-data rows (CSV and JSON), made into the server's shared
    cache for the site's own address, as publishing makes each one (data_rows.py). A
    deploy changes their key: until then they stay made."""
    if not cache_url.startswith("redis://"):
        return 0
    from django.test.utils import override_settings

    from decisions.made_pages import anonymous_request
    from decisions.models import Decision
    from decisions.public import data_rows

    ids = list(Decision.objects.on_register().values_list("pk", flat=True))
    shared = {"default": {"BACKEND": "pccdecisions.redis_cache.RedisCache", "LOCATION": cache_url}}
    with override_settings(CACHES=shared):
        request = anonymous_request("/")
        for start in range(0, len(ids), 500):  # each made in every written form
            data_rows.kept_rows(request, ids[start : start + 500], "json")
    return len(ids)


def write_lists(lists) -> dict[str, str]:
    """Each list as a file for wrk's script; the name of each file by kind."""
    folder = ROOT / "var" / "bench-urls"
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind, paths in lists.items():
        path = folder / (kind.replace(" ", "-").replace(",", "") + ".txt")
        path.write_text("\n".join(paths) + "\n")
        files[kind] = str(path)
    return files


def prepare() -> dict[str, str]:
    """The lists, written for wrk, and the pages of the notices on them made."""
    lists = url_lists()
    make_notice_pages(lists)
    return write_lists(lists)


def main():
    """`python -m bench.distinct`: only this table, on the benchmark's database."""
    import signal

    from bench import load
    from bench.config import CACHES, setup_django

    load.require_wrk()
    setup_django()
    from bench import database
    from bench.run import measure_distinct, print_distinct

    database.prepare()
    files = prepare()
    cache = list(CACHES)[-1]
    master = load.start_gunicorn(CACHES[cache])
    try:
        table = measure_distinct(files, CACHES[cache]) | {"cache": cache}
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)
    print_distinct(table)


if __name__ == "__main__":
    main()

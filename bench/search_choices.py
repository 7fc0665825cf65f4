"""PostgreSQL full-text choices for the register's search, side by side (issue 16):
the GIN index the register uses (rank the matches when there are 1,000 or fewer, else
newest first) against a RUM index, which keeps each word's positions and can return
matches in ranked order itself (`ORDER BY search_vector <=> query`).

Each is timed in this process, on the benchmark's database, for the first page of
SEARCHES searches drawn as bench/distinct.py draws them (the second of two passes, so
both read warm buffers). RUM is PostgreSQL's extension, Debian's postgresql-15-rum: the
RUM index is built for the run and dropped after it (1 GB at 100,000 decisions).

`python -m bench.search_choices`
"""

import random
import statistics
import time

from bench.config import setup_django

SEARCHES = 300
_RUM_INDEX = "bench_search_vector_rum"
_ON_REGISTER = "status IN ('signed','withdrawn','deferred','withdrawn_unsigned','not_published')"
_MATCHES = f"{_ON_REGISTER} AND search_vector @@ websearch_to_tsquery('english', %(q)s)"  # noqa: S608


def _terms() -> list[str]:
    from bench.distinct import _search_terms
    from bench.vocabulary import Vocabulary

    return _search_terms(Vocabulary(16), random.Random(7), SEARCHES)  # noqa: S311


def _gin_as_the_register_searches(term):
    from decisions.models import Decision
    from decisions.public.finding import counted_search

    found = counted_search(Decision.objects.on_register(), term)
    return list(found.matches.values_list("pk", flat=True)[:20]), found.count


def _rum_in_ranked_order(term):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM decisions_decision WHERE {_MATCHES} "
                       "LIMIT 1001) m", {"q": term})  # noqa: S608 # fmt: skip
        count = cursor.fetchone()[0]
        cursor.execute(f"SELECT id FROM decisions_decision WHERE {_MATCHES} ORDER BY "
                       "search_vector <=> websearch_to_tsquery('english', %(q)s) LIMIT 20",
                       {"q": term})  # noqa: S608 # fmt: skip
        return [row[0] for row in cursor.fetchall()], count


def _timed(search, terms) -> dict:
    for _ in range(2):
        timings = []
        for term in terms:
            started = time.perf_counter()
            search(term)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p90_ms": round(timings[int(0.9 * len(timings))], 1),
        "p99_ms": round(timings[int(0.99 * len(timings))], 1),
        "mean_ms": round(statistics.fmean(timings), 1),
    }


def _with_rum_index(measure):
    from django.db import connection
    from django.db.utils import DatabaseError

    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        except DatabaseError as error:
            return {"skipped": f"no RUM extension ({error}); apt-get install postgresql-15-rum"}
        started = time.monotonic()
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(f"CREATE INDEX {_RUM_INDEX} ON decisions_decision "
                       "USING rum (search_vector rum_tsvector_ops)")  # fmt: skip
        built = time.monotonic() - started
        cursor.execute("SELECT pg_relation_size(%s)", [_RUM_INDEX])
        size = cursor.fetchone()[0]
        try:
            return measure() | {"index_mb": size // 2**20, "index_build_s": round(built)}
        finally:
            cursor.execute(f"DROP INDEX {_RUM_INDEX}")


def run() -> dict:
    terms = _terms()
    # Today's first: with a RUM index present the planner may use it for today's queries.
    return {
        "GIN, ranked up to 1,000 (the register)": _timed(_gin_as_the_register_searches, terms),
        "RUM, in ranked order": _with_rum_index(lambda: _timed(_rum_in_ranked_order, terms)),
    }


def print_choices(table):
    print(f"\nSearch choices: the first page of {SEARCHES} searches, in one process\n")
    print(f"| {'index':<40} | median ms | p90 ms | p99 ms | mean ms |")
    print("|" + "-" * 42 + "|-----------|--------|--------|---------|")
    for name, r in table.items():
        if "skipped" in r:
            print(f"| {name:<40} | skipped: {r['skipped']} |")
            continue
        print(f"| {name:<40} | {r['median_ms']:>9} | {r['p90_ms']:>6} | {r['p99_ms']:>6} | "
              f"{r['mean_ms']:>7} |")  # fmt: skip
        if "index_mb" in r:
            print(f"  ({r['index_mb']:,} MB, built in {r['index_build_s']} s)")


def main():
    setup_django()
    from bench import database

    database.prepare()
    print_choices(run())


if __name__ == "__main__":
    main()

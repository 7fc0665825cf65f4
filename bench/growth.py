"""What grows with the register (issue 16): the pages a reader can ask for cheaply that
might cost more on a bigger register, each timed uncached in this process (the median of
REPEATS, with the page cache cleared before each) on a register of SMALL decisions and on
one of COUNT, and the ratio between them. 1.0 means it does not grow.

`python -m bench.growth` prints only this table; `make bench` runs it too. Each size is
measured by its own process on its own database (seeded once and kept, as bench/run.py's).
"""

import json
import os
import statistics
import subprocess
import sys
import time

from bench.config import COUNT, DATABASE, ENV, PYTHON, ROOT

SMALL = int(os.environ.get("BENCH_SMALL_COUNT", "10000"))
SMALL_DATABASE = os.environ.get("BENCH_SMALL_DATABASE", "pccdecisions_bench10k")
REPEATS = 7


def _urls():
    from django.db.models import Count

    from decisions.models import Decision
    from decisions.public.register import PAGE_SIZE

    published = Decision.objects.published()
    last_page = max(1, -(-published.count() // PAGE_SIZE))
    # The fullest year, not the latest: `make bench` signs a few decisions this year before
    # it runs, so the latest year of the big register held a handful and its CSV looked
    # twelve times cheaper than the small register's.
    by_year = published.values("signed_at__year").annotate(n=Count("pk")).order_by("-n")
    year = by_year.values_list("signed_at__year", flat=True).first()
    return {
        "register page 1": "/decisions/",
        "the last register page": f"/decisions/?page={last_page}",
        "Atom feed": "/decisions/feed/",
        "feed for a search": "/decisions/feed/?q=policing",
        "search with an excluded word": "/decisions/?q=police+-custody",
        "a year's CSV": f"/decisions.csv?year={year}",
        "API page 1": "/api/decisions.json",
    }


def _uncached_ms(client, url) -> float:
    from django.core.cache import cache

    timings = []
    for _ in range(REPEATS):
        cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == 200, (url, response.status_code)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure_here() -> dict:
    """This process's database, seeded to BENCH_COUNT: each URL's median ms."""
    from django.test import Client

    from bench import database

    database.prepare()
    client = Client(SERVER_NAME="127.0.0.1")
    return {name: round(_uncached_ms(client, url), 1) for name, url in _urls().items()}


def _measured_at(count: int, name: str) -> dict:
    env = {**ENV, "BENCH_COUNT": str(count), "BENCH_DATABASE": name}
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    out = subprocess.run([PYTHON, "-m", "bench.growth", "--here"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def run() -> dict:
    small, large = _measured_at(SMALL, SMALL_DATABASE), _measured_at(COUNT, DATABASE)
    return {"small": SMALL, "large": COUNT,
            "results": {name: {"small_ms": small[name], "large_ms": large[name],
                               "ratio": round(large[name] / small[name], 2)} for name in large}}  # fmt: skip


def print_growth(table):
    print(f"\nWhat grows with the register: uncached, median of {REPEATS}, in-process; "
          f"{table['small']:,} decisions against {table['large']:,}\n")  # fmt: skip
    print(f"| {'page':<30} | {'ms at small':>11} | {'ms at large':>11} | {'ratio':>6} |")
    print("|" + "|".join("-" * w for w in (32, 13, 13, 8)) + "|")
    for name, r in table["results"].items():
        print(f"| {name:<30} | {r['small_ms']:>11.1f} | {r['large_ms']:>11.1f} | "
              f"{r['ratio']:>6.2f} |")  # fmt: skip


if __name__ == "__main__":
    if "--here" in sys.argv:
        from bench.config import setup_django

        setup_django()
        print(json.dumps(measure_here()))
    else:
        print_growth(run())

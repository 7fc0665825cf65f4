"""`make bench`: the register against its own stack's ceiling, on this machine, in one run.

1. A PostgreSQL database with COUNT published decisions (bench/seeding.py), kept
   between runs and re-seeded only when the count differs.
2. gunicorn with the production settings (DEBUG off, WhiteNoise static files) on
   127.0.0.1, and wrk as a second process: fixed time, fixed concurrency, per URL;
   once with each worker's own memory as the page cache, once with one Redis.
3. For each URL: requests/s, p50 and p99 latency, errors, and throughput as a ratio of
   /healthz measured in the same run; the median of RUNS runs. Queries per page.
4. Rendering one notice of four pages or more, and signing one decision end to end
   with its PAdES signature (median of 5).
5. A heavy notice (a table of HEAVY_ROWS rows, 6,000 by default) signed over HTTP
   through gunicorn, then rendered by the background worker while wrk measures the
   register again: the register's throughput during the render, against before.
6. The resident memory of each gunicorn worker afterwards, and its peak while the
   whole register's CSV and JSON download (bench/downloads.py).
7. The static export (bench/static.py): nginx serving export_static's files against the
   app, with distinct URLs.
8. What grows with the register (bench/growth.py): uncached pages on SMALL decisions
   against COUNT, and the ratio.
9. Importing an earlier register of IMPORT_ROWS decisions (10,000), each with its PDF,
   through import_register into a new database: dry run, import, and a second run.
Prints each part as it is measured and writes bench-results/latest.json after each. Run as `python -m bench.run`.
"""

import json
import os
import signal
import statistics
import sys
import traceback

from bench.config import CACHES, CONNECTIONS, COUNT, ROOT, RUNS, SECONDS, WORKERS, setup_django


def _median(runs):
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


class Report(dict):
    """The report so far, written to bench-results/latest.json and printed part by part as
    each part finishes: a whole run once measured for 48 minutes and kept nothing when its
    last step failed. A part that fails is recorded with its error and the run goes on."""

    def __init__(self, path, **parts):
        super().__init__(**parts)
        self.path = path
        self.failed = []
        self._write()

    def measure(self, where, make, printer):
        """Keep make() at report[where[0]][where[1]]..., print it, and write the file."""
        *within, name = where
        part = self
        for key in within:
            part = part.setdefault(key, {})
        try:
            part[name] = make()
        except Exception as error:  # noqa: BLE001 - the parts after it can still measure
            traceback.print_exc()
            self.failed.append(" / ".join(where))
            part[name] = {"error": f"{type(error).__name__}: {error}"}
        else:
            printer(part[name])
        self._write()

    def _write(self):
        self.path.parent.mkdir(exist_ok=True)
        self.path.write_text(json.dumps(self, indent=2))


def measure_with_gunicorn(report, label, cache_url, urls, queries, *, distinct_files=None):
    """Each URL repeated, then (with the last cache) distinct URLs and the heavy notice,
    all against one gunicorn; the workers' memory and the whole downloads after."""
    from bench import downloads, load, measure

    master = load.start_gunicorn(cache_url)
    try:
        load.warm(urls)
        report.measure(
            ("urls", label), lambda: measure_urls(urls, queries), lambda r: print_urls(label, r)
        )
        if distinct_files:
            report.measure(("distinct_urls",), lambda: measure_distinct(distinct_files, cache_url)
                           | {"cache": label}, print_distinct)  # fmt: skip
        report.measure(("worker_rss_mb",), lambda: load.worker_memory(master), print_memory)
        report.measure(("full_downloads",), lambda: downloads.measure(master), print_downloads)
        if distinct_files:
            report.measure(("heavy_notice",), lambda: measure.heavy_signing(report["urls"][label]),
                           print_heavy)  # fmt: skip
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)


def measure_urls(urls, queries):
    from bench import load

    results = {name: _median([load.wrk(url) for _ in range(RUNS)]) | {"url": url}
               for name, url in urls.items()}  # fmt: skip
    ceiling = results["healthz"]["rps"]
    for name, result in results.items():
        result["ratio_to_healthz"] = round(result["rps"] / ceiling, 3)
        if name in queries:
            result["queries"] = queries[name]
    return results


def measure_distinct(files, cache_url):
    """Each kind of page with a different URL at every request, the median of RUNS runs
    of each, against the median of the /healthz runs measured before each of them."""
    from bench import distinct, load

    print(f"Made {distinct.make_register_rows(cache_url)} register rows", flush=True)
    print(f"Made {distinct.make_data_rows(cache_url)} decisions' open-data rows", flush=True)
    measured, ceilings = {}, []
    for kind, path in files.items():
        measured[kind] = []
        for _ in range(RUNS):
            ceilings.append(load.wrk("/healthz")["rps"])
            load.forget_cached_pages(cache_url)
            measured[kind].append(load.wrk("", distinct_from=path))
    # Each kind against the median of every /healthz run of the table: one disturbed run
    # (seen: 1,347 req/s between runs of 3,400) made the next kind's share look twice
    # what it was when each run was set against the /healthz just before it.
    ceiling = statistics.median(ceilings)
    results = {}
    for kind, runs in measured.items():
        results[kind] = _median(runs)
        results[kind] |= {
            "healthz_rps": ceiling,
            "ratio_to_healthz": results[kind]["rps"] / ceiling,
        }
    return {"urls_per_kind": distinct.DISTINCT_URLS, "results": results}


def main():
    from bench import load

    load.require_wrk()
    setup_django()
    from bench import database, distinct, growth, importing, measure, static

    database.prepare()
    report = Report(
        ROOT / "bench-results" / "latest.json",
        machine={"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        settings={"decisions": COUNT, "connections": CONNECTIONS, "seconds": SECONDS,
                  "runs": RUNS, "workers": WORKERS},
    )  # fmt: skip
    print_settings(report)
    urls = measure.pick_urls()
    queries = measure.query_counts({k: v for k, v in urls.items() if k != "static file"})
    # Distinct URLs are measured with the last (shared, Redis) cache, as production runs.
    files = distinct.prepare()
    for index, (label, cache_url) in enumerate(CACHES.items()):
        last = index == len(CACHES) - 1
        distinct_files = files if last else None
        measure_with_gunicorn(
            report, label, cache_url, urls, queries, distinct_files=distinct_files
        )
    report.measure(("static_export",), lambda: static.run(CACHES[list(CACHES)[-1]]),
                   static.print_static)  # fmt: skip
    report.measure(("growth",), growth.run, growth.print_growth)
    report.measure(("timings",), measure.timings, print_timings)
    report.measure(("import",), importing.measure, print_import)
    if report.failed:
        sys.exit(f"\nNot measured: {'; '.join(report.failed)} (the error is above); the rest "
                 f"is in {report.path}")  # fmt: skip


def print_settings(report):
    s = report["settings"]
    print(f"\n{s['decisions']} decisions, {s['connections']} connections, {s['seconds']} s x "
          f"{s['runs']} runs (median), {s['workers']} gunicorn workers, "
          f"{report['machine']['cpus']} CPUs", flush=True)  # fmt: skip


def print_urls(label, results):
    print(f"\nPage cache: {label}\n")
    print(f"| {'URL':<22} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'errors':>6} | "
          f"{'vs healthz':>10} | {'queries':>7} |")  # fmt: skip
    print("|" + "|".join("-" * w for w in (24, 10, 9, 9, 8, 12, 9)) + "|")
    for name, r in results.items():
        print(f"| {name:<22} | {r['rps']:>8.0f} | {r['p50_ms']:>7.1f} | {r['p99_ms']:>7.1f} | "
              f"{r['errors']:>6.0f} | {r['ratio_to_healthz']:>10.2f} | "
              f"{r.get('queries', '-'):>7} |", flush=True)  # fmt: skip


def print_timings(t):
    print(f"\nRender one notice to PDF ({t['pdf_pages']} pages): median {t['render_pdf_s']:.3f} s")
    print(f"PAdES-sign that PDF: median {t['pades_s']:.3f} s")
    print(f"Sign one decision (the request's transaction): median {t['sign_s']:.3f} s; then "
          f"render, sign, store and log its PDF: {t['publish_s']:.3f} s; together "
          f"{t['sign_and_publish_s']:.3f} s")  # fmt: skip
    print(f"Search with nothing cached: common word {t['search_uncached_common_s'] * 1000:.0f} ms, "
          f"rare word {t['search_uncached_rare_s'] * 1000:.0f} ms (median of 5)", flush=True)  # fmt: skip


def print_heavy(h):
    print(f"\nA notice with a {h['rows']:,}-row table, signed over HTTP through gunicorn: "
          f"HTTP {h['sign_status']} in {h['sign_request_s']:.2f} s; the worker published its "
          f"PDF {h['render_and_publish_s']:.0f} s later")  # fmt: skip
    for name, r in h["during"].items():
        print(f"  while it rendered: {name} {r['rps']:.0f} req/s, p99 {r['p99_ms']:.1f} ms, "
              f"{r['ratio_to_before']:.2f} of before"
              + ("" if h["rendering_throughout_measurement"] else " (render ended during it)"))  # fmt: skip


def print_memory(memory):
    print("\ngunicorn worker memory after the run (MB): "
          + ", ".join(f"{m:.0f}" for m in memory), flush=True)  # fmt: skip


def print_downloads(full_downloads):
    for url, d in full_downloads.items():
        print(f"Whole register {url}: {d['mb']:.1f} MB in {d['seconds']:.1f} s; its worker grew by "
              f"at most {d['worker_peak_growth_mb']:.1f} MB (peak {d['worker_peak_mb']:.0f} MB)",
              flush=True)  # fmt: skip


def print_import(i):
    print(f"\nImport an earlier register of {i['rows']:,} decisions with their PDFs: dry run "
          f"{i['dry_run_s']:.0f} s, import {i['import_s']:.0f} s ({i['rows_per_s']:.1f} a second), "
          f"second run (adds nothing) {i['second_run_s']:.0f} s", flush=True)  # fmt: skip


def print_distinct(table):
    print(f"\nDistinct URLs: a different one at every request ({table['urls_per_kind']:,} "
          f"of each kind), page cache: {table['cache']}; /healthz: the median of a run before each\n")  # fmt: skip
    print_rates(table["results"])


def print_rates(results, width=22):
    """A Markdown table of wrk's figures for each kind of page, against /healthz."""
    print(f"| {'pages':<{width}} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'errors':>6} | "
          f"{'vs healthz':>10} |")  # fmt: skip
    print("|" + "|".join("-" * w for w in (width + 2, 10, 9, 9, 8, 12)) + "|")
    for kind, r in results.items():
        print(f"| {kind:<{width}} | {r['rps']:>8.1f} | {r['p50_ms']:>7.1f} | {r['p99_ms']:>7.1f} | "
              f"{r['errors']:>6.0f} | {r['ratio_to_healthz']:>10.3f} |")  # fmt: skip


if __name__ == "__main__":
    main()

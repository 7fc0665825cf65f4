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
Prints a table and writes bench-results/latest.json. Run as `python -m bench.run`.
"""

import json
import os
import signal
import statistics
import sys

from bench.config import CACHES, CONNECTIONS, COUNT, ROOT, RUNS, SECONDS, WORKERS, setup_django


def _median(runs):
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure_urls(urls, cache_url, *, with_heavy_notice, distinct=None):
    from bench import downloads, load, measure

    master = load.start_gunicorn(cache_url)
    try:
        load.warm(urls)
        results = {}
        for name, url in urls.items():
            results[name] = _median([load.wrk(url) for _ in range(RUNS)]) | {"url": url}
        distinct_results = measure_distinct(distinct, cache_url) if distinct else None
        memory = load.worker_memory(master)
        full_downloads = downloads.measure(master)
        heavy = measure.heavy_signing(results) if with_heavy_notice else None
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)
    ceiling = results["healthz"]["rps"]
    for result in results.values():
        result["ratio_to_healthz"] = round(result["rps"] / ceiling, 3)
    return results, memory, heavy, distinct_results, full_downloads


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
    return results


def main():
    from bench import load

    load.require_wrk()
    setup_django()
    from bench import database, distinct, growth, importing, measure, static

    database.prepare()
    urls = measure.pick_urls()
    # Distinct URLs are measured with the last (shared, Redis) cache, as production runs.
    files = distinct.prepare()
    tables, heavy, memory, distinct_table, full_downloads = {}, None, [], None, None
    for index, (label, cache_url) in enumerate(CACHES.items()):
        last = index == len(CACHES) - 1
        tables[label], memory, measured, distinct_measured, full_downloads = measure_urls(
            urls, cache_url, with_heavy_notice=last, distinct=files if last else None
        )
        heavy = measured or heavy
        distinct_table = distinct_measured or distinct_table
    static_table = static.run(CACHES[list(CACHES)[-1]])
    queries = measure.query_counts({k: v for k, v in urls.items() if k != "static file"})
    for results in tables.values():
        for name, count in queries.items():
            results[name]["queries"] = count
    report = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": {"decisions": COUNT, "connections": CONNECTIONS, "seconds": SECONDS,
                     "runs": RUNS, "workers": WORKERS},
        "urls": tables,
        "distinct_urls": {"cache": list(CACHES)[-1], "urls_per_kind": distinct.DISTINCT_URLS,
                          "results": distinct_table},
        "static_export": static_table,
        "growth": growth.run(),
        "timings": measure.timings(),
        "heavy_notice": heavy,
        "worker_rss_mb": memory,
        "full_downloads": full_downloads,
        "import": importing.measure(),
    }  # fmt: skip
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report, indent=2))
    print_report(report)


def print_report(report):
    from bench import growth, static

    s = report["settings"]
    print(f"\n{s['decisions']} decisions, {s['connections']} connections, {s['seconds']} s x "
          f"{s['runs']} runs (median), {s['workers']} gunicorn workers, "
          f"{report['machine']['cpus']} CPUs")  # fmt: skip
    for label, results in report["urls"].items():
        print(f"\nPage cache: {label}\n")
        print(f"| {'URL':<22} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'errors':>6} | "
              f"{'vs healthz':>10} | {'queries':>7} |")  # fmt: skip
        print("|" + "|".join("-" * w for w in (24, 10, 9, 9, 8, 12, 9)) + "|")
        for name, r in results.items():
            print(f"| {name:<22} | {r['rps']:>8.0f} | {r['p50_ms']:>7.1f} | {r['p99_ms']:>7.1f} | "
                  f"{r['errors']:>6.0f} | {r['ratio_to_healthz']:>10.2f} | "
                  f"{r.get('queries', '-'):>7} |")  # fmt: skip
    print_distinct(report["distinct_urls"])
    static.print_static(report["static_export"])
    growth.print_growth(report["growth"])
    t = report["timings"]
    print(f"\nRender one notice to PDF ({t['pdf_pages']} pages): median {t['render_pdf_s']:.3f} s")
    print(f"PAdES-sign that PDF: median {t['pades_s']:.3f} s")
    print(f"Sign one decision (the request's transaction): median {t['sign_s']:.3f} s; then "
          f"render, sign, store and log its PDF: {t['publish_s']:.3f} s; together "
          f"{t['sign_and_publish_s']:.3f} s")  # fmt: skip
    h = report["heavy_notice"]
    print(f"\nA notice with a {h['rows']:,}-row table, signed over HTTP through gunicorn: "
          f"HTTP {h['sign_status']} in {h['sign_request_s']:.2f} s; the worker published its "
          f"PDF {h['render_and_publish_s']:.0f} s later")  # fmt: skip
    for name, r in h["during"].items():
        print(f"  while it rendered: {name} {r['rps']:.0f} req/s, p99 {r['p99_ms']:.1f} ms, "
              f"{r['ratio_to_before']:.2f} of before"
              + ("" if h["rendering_throughout_measurement"] else " (render ended during it)"))  # fmt: skip
    print(f"Search with nothing cached: common word {t['search_uncached_common_s'] * 1000:.0f} ms, "
          f"rare word {t['search_uncached_rare_s'] * 1000:.0f} ms (median of 5)")  # fmt: skip
    print("gunicorn worker memory after the run (MB): "
          + ", ".join(f"{m:.0f}" for m in report["worker_rss_mb"]))  # fmt: skip
    for url, d in report["full_downloads"].items():
        print(f"Whole register {url}: {d['mb']:.1f} MB in {d['seconds']:.1f} s; its worker grew by "
              f"at most {d['worker_peak_growth_mb']:.1f} MB (peak {d['worker_peak_mb']:.0f} MB)")  # fmt: skip
    i = report["import"]
    print(f"Import an earlier register of {i['rows']:,} decisions with their PDFs: dry run "
          f"{i['dry_run_s']:.0f} s, import {i['import_s']:.0f} s ({i['rows_per_s']:.1f} a second), "
          f"second run (adds nothing) {i['second_run_s']:.0f} s")  # fmt: skip


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

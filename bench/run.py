"""`make bench`: the register against its own stack's ceiling, on this machine, in one run.

1. A PostgreSQL database with COUNT published decisions (seed_register), kept between
   runs and re-seeded only when the count differs.
2. gunicorn with the production settings (DEBUG off, WhiteNoise static files) on
   127.0.0.1, and wrk as a second process: fixed time, fixed concurrency, per URL.
3. For each URL: requests/s, p50 and p99 latency, errors, and throughput as a ratio of
   /healthz measured in the same run; the median of RUNS runs. Queries per page.
4. Rendering one notice to PDF, and signing one decision end to end with its PAdES
   signature (median of 5).
5. A heavy notice (a table of HEAVY_ROWS rows, 6,000 by default) signed over HTTP
   through gunicorn, then rendered by the background worker while wrk measures the
   register again: the register's throughput during the render, against before.
6. The resident memory of each gunicorn worker afterwards.
Prints a table and writes bench-results/latest.json.
"""

import html
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
COUNT = int(os.environ.get("BENCH_COUNT", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
PORT = int(os.environ.get("BENCH_PORT", "18765"))
DATABASE = os.environ.get("BENCH_DATABASE", "pccdecisions_bench")
BASE = f"http://127.0.0.1:{PORT}"
LATE_PAGE = min(500, max(1, COUNT // 20))

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "pccdecisions.settings",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
    "DATABASE_CONN_MAX_AGE": "600",
    "DEBUG": "false",
    "SECRET_KEY": "bench-" + "k" * 60,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": BASE,
    "SECURE_SSL_REDIRECT": "false",
    "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
    "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
    "SIGNING_KEY_FILE": str(ROOT / "var" / "bench-signing" / "key.pem"),
    "SIGNING_CERTIFICATE_FILE": str(ROOT / "var" / "bench-signing" / "certificate.pem"),
    "LOG_LEVEL": "WARNING",
}
HEAVY_ROWS = int(os.environ.get("HEAVY_ROWS", "6000"))


def sh(*args, **kwargs):
    return subprocess.run(args, check=True, env=ENV, cwd=ROOT, **kwargs)


def manage(*args, capture=False):
    if args and args[0] == "shell":
        args = ("shell", "--no-imports", *args[1:])  # only our own output on stdout
    result = sh(PYTHON, "manage.py", *args, capture_output=capture, text=True)
    return result.stdout if capture else None


def prepare_database():
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc"]
    exists = subprocess.run(
        [*psql, f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    manage("migrate", "--no-input", "-v0")
    manage("make_signing_key")
    have = int(manage("shell", "-c", _COUNT_SQL, capture=True).strip() or 0)
    if have != COUNT:
        print(f"Seeding {COUNT} decisions (had {have}); this takes a few minutes...", flush=True)
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
        manage("migrate", "--no-input", "-v0")
        started = time.monotonic()
        manage("seed_register", str(COUNT), "--batch", "2000")
        print(f"Seeded in {time.monotonic() - started:.0f} s", flush=True)
        analyse = "from django.db import connection; connection.cursor().execute('ANALYZE')"
        manage("shell", "-c", analyse)
    fill = (
        "from django.db import connection, transaction\n"
        "from decisions import seeding\n"
        "with seeding.guards_off(connection), transaction.atomic():\n"
        "    seeding.fill_search_vectors()\n"
    )
    manage("shell", "-c", fill)  # a register seeded before the vectors were stored
    # Fresh statistics (and a visibility map for index-only counts), as autovacuum
    # would give a live database.
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DATABASE, "-c",
         "VACUUM ANALYZE decisions_decision"],
        check=True, capture_output=True,
    )  # fmt: skip
    manage("collectstatic", "--no-input", "-v0")


# The seeded register, without the heavy notices earlier runs signed.
_COUNT_SQL = (
    "from decisions.models import Decision; "
    "print(Decision.objects.published().exclude(signed_name='Bench Commissioner').count())"
)


def pick_urls():
    script = (
        "from decisions.models import Decision as D\n"
        "d = D.objects.published().order_by('-signed_at')[50]\n"
        "print(d.slug, d.signed_at.year)\n"
    )
    slug, year = manage("shell", "-c", script, capture=True).split()
    static = (
        "/static/"
        + json.loads((Path(ENV["STATIC_ROOT"]) / "staticfiles.json").read_text())["paths"][
            "build/app.css"
        ]
    )
    return {
        "healthz": "/healthz",
        "register page 1": "/decisions/",
        f"register page {LATE_PAGE}": f"/decisions/?page={LATE_PAGE}",
        "year archive": f"/decisions/{year}/",
        "search, common word": "/decisions/?q=policing",
        "search, rare word": "/decisions/?q=zephyrine",
        "notice page": f"/decisions/{slug}/",
        "notice PDF": f"/decisions/{slug}.pdf",
        "Atom feed": "/decisions/feed/",
        "static file": static,
    }


def start_gunicorn():
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            sys.exit(f"Port {PORT} is in use: stop what is on it, or set BENCH_PORT.")
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "pccdecisions.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS),
         "--worker-class", "sync", "--log-level", "warning", "--access-logfile", "-"],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("gunicorn did not start")


def warm(urls):
    for url in urls.values():
        for _ in range(WORKERS * 3):
            try:
                urllib.request.urlopen(BASE + url, timeout=30).read()
            except OSError as error:
                sys.exit(f"{url} failed before the benchmark: {error}")


def wrk(url):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", BASE + url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1))
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
    failures = re.findall(r"(?:Non-2xx or 3xx responses|connect|read|write|timeout):? (\d+)", out)
    errors = sum(int(n) for n in failures)
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors}


def _ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def query_counts(urls):
    script = (
        "import json\nfrom django.test import Client\nfrom django.db import connection\n"
        "from django.test.utils import CaptureQueriesContext\n"
        f"urls = {json.dumps(urls)}\nc = Client(SERVER_NAME='127.0.0.1')\nout = {{}}\n"
        "for name, url in urls.items():\n"
        "    from django.core.cache import cache; cache.clear()\n"
        "    with CaptureQueriesContext(connection) as q:\n"
        "        r = c.get(url)\n"
        "        getattr(r, 'streaming_content', None) and b''.join(r.streaming_content)\n"
        "    out[name] = len(q)\n"
        "print(json.dumps(out))\n"
    )
    return json.loads(manage("shell", "-c", script, capture=True).strip().splitlines()[-1])


def timings():
    script = (ROOT / "bench" / "timings.py").read_text()
    return json.loads(manage("shell", "-c", script, capture=True).strip().splitlines()[-1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _sign_over_http(pk, session):
    """The Commissioner's two requests, as a browser makes them: open the sign page,
    then sign with what it carries. Returns (status of the POST, seconds it took)."""
    url = f"{BASE}/admin/decisions/decision/{pk}/step/sign/"
    opener = urllib.request.build_opener(_NoRedirect)
    page = opener.open(urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"}))
    csrf = re.search(r"csrftoken=([^;]+)", page.headers.get("Set-Cookie", "")).group(1)
    body = page.read().decode()
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body)
    }
    fields |= {"declaration": "none", "confirm": "on"}
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(fields).encode(), method="POST",
        headers={"Cookie": f"sessionid={session}; csrftoken={csrf}", "Origin": BASE,
                 "Referer": url},
    )  # fmt: skip
    started = time.monotonic()
    try:
        status = opener.open(request, timeout=120).status
    except urllib.error.HTTPError as response:
        status = response.code
    return status, time.monotonic() - started


def heavy_signing(results):
    """Sign a heavy notice over HTTP, then measure the register while the worker renders it."""
    script = (ROOT / "bench" / "heavy.py").read_text()
    env_rows = {**ENV, "HEAVY_ROWS": str(HEAVY_ROWS)}
    setup = json.loads(
        subprocess.run([PYTHON, "manage.py", "shell", "--no-imports", "-c", script], cwd=ROOT,
                       env=env_rows, capture_output=True, text=True, check=True
                       ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    status, sign_s = _sign_over_http(setup["pk"], setup["session"])
    slug = manage("shell", "-c", f"from decisions.models import Decision as D; "
                  f"print(D.objects.get(pk={setup['pk']}).slug)", capture=True).strip()  # fmt: skip
    worker = subprocess.Popen(
        ["nice", "-n", "10", PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    started = time.monotonic()
    during = {}
    for name in ("register page 1", "notice page"):
        run = wrk(results[name]["url"])
        run["ratio_to_before"] = round(run["rps"] / results[name]["rps"], 3)
        during[name] = run
    still_rendering = not _served(f"/decisions/{slug}.pdf")
    while not _served(f"/decisions/{slug}.pdf") and time.monotonic() - started < 1800:
        time.sleep(1)
    publish_s = time.monotonic() - started
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=120)
    return {"rows": HEAVY_ROWS, "sign_status": status, "sign_request_s": round(sign_s, 3),
            "render_and_publish_s": round(publish_s, 1),
            "rendering_throughout_measurement": still_rendering, "during": during}  # fmt: skip


def _served(url):
    try:
        with urllib.request.urlopen(BASE + url, timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


def worker_memory(master):
    children = subprocess.run(
        ["pgrep", "-P", str(master.pid)], capture_output=True, text=True
    ).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (make bench does this).")
    prepare_database()
    urls = pick_urls()
    master = start_gunicorn()
    try:
        warm(urls)
        results = {}
        for name, url in urls.items():
            runs = [wrk(url) for _ in range(RUNS)]
            results[name] = {
                key: statistics.median(run[key] for run in runs) for key in runs[0]
            } | {"url": url}
        memory = worker_memory(master)
        heavy = heavy_signing(results)
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)
    ceiling = results["healthz"]["rps"]
    for result in results.values():
        result["ratio_to_healthz"] = round(result["rps"] / ceiling, 3)
    queries = query_counts({k: v for k, v in urls.items() if k not in ("static file",)})
    for name, count in queries.items():
        results[name]["queries"] = count
    extra = timings()
    report = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": {"decisions": COUNT, "connections": CONNECTIONS, "seconds": SECONDS,
                     "runs": RUNS, "workers": WORKERS},
        "urls": results,
        "timings": extra,
        "heavy_notice": heavy,
        "worker_rss_mb": memory,
    }  # fmt: skip
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report, indent=2))
    print_table(report)


def print_table(report):
    print(f"\n{report['settings']['decisions']} decisions, {report['settings']['connections']} "
          f"connections, {report['settings']['seconds']} s x {report['settings']['runs']} runs "
          f"(median), {report['settings']['workers']} gunicorn workers, "
          f"{report['machine']['cpus']} CPUs\n")  # fmt: skip
    print(f"| {'URL':<22} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'errors':>6} | "
          f"{'vs healthz':>10} | {'queries':>7} |")  # fmt: skip
    print("|" + "|".join("-" * w for w in (24, 10, 9, 9, 8, 12, 9)) + "|")
    for name, r in report["urls"].items():
        print(f"| {name:<22} | {r['rps']:>8.0f} | {r['p50_ms']:>7.1f} | {r['p99_ms']:>7.1f} | "
              f"{r['errors']:>6.0f} | {r['ratio_to_healthz']:>10.2f} | {r.get('queries', '-'):>7} |")  # fmt: skip
    t = report["timings"]
    print(f"\nRender one notice to PDF ({t['pdf_pages']} pages): median {t['render_pdf_s']:.3f} s")
    print(f"PAdES-sign that PDF: median {t['pades_s']:.3f} s")
    print(
        f"Sign one decision (the request's transaction): median {t['sign_s']:.3f} s; then "
        f"render, sign, store and log its PDF: {t['publish_s']:.3f} s; together "
        f"{t['sign_and_publish_s']:.3f} s"
    )
    h = report["heavy_notice"]
    print(
        f"\nA notice with a {h['rows']:,}-row table, signed over HTTP through gunicorn: "
        f"HTTP {h['sign_status']} in {h['sign_request_s']:.2f} s; the worker published its "
        f"PDF {h['render_and_publish_s']:.0f} s later"
    )
    for name, r in h["during"].items():
        print(
            f"  while it rendered: {name} {r['rps']:.0f} req/s, p99 {r['p99_ms']:.1f} ms, "
            f"{r['ratio_to_before']:.2f} of before"
            + ("" if h["rendering_throughout_measurement"] else " (render ended during it)")
        )
    print(
        f"Search with nothing cached: common word {t['search_uncached_common_s'] * 1000:.0f} ms, "
        f"rare word {t['search_uncached_rare_s'] * 1000:.0f} ms (median of 5)"
    )
    print("gunicorn worker memory after the run (MB): "
          + ", ".join(f"{m:.0f}" for m in report["worker_rss_mb"]))  # fmt: skip


if __name__ == "__main__":
    main()

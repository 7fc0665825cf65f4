"""The static export against the app (issue 16): the same distinct URLs, each request a
different one, asked of gunicorn and of nginx serving `export_static`'s files with
gunicorn behind it. `python -m bench.static` runs only this table; `make bench` runs it
after the others.

Exporting all of a 100,000-decision register is one full-stack answer per file (about
half a million); the benchmark exports EXPORT_SAMPLE notices (each with its PDF, open
data and versions) and every list they appear in, as the worker's refresh after each
publication does, and times that. How fast nginx serves a file does not depend on how
many others are beside it.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.config import BASE, ROOT, RUNS

EXPORT_SAMPLE = int(os.environ.get("BENCH_EXPORT_SAMPLE", "2000"))
NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", "18766"))
NGINX_BASE = f"http://127.0.0.1:{NGINX_PORT}"
FOLDER = ROOT / "var" / "bench-export"


def export_sample(seed=16) -> tuple[list[str], float]:
    """Export EXPORT_SAMPLE random notices and the lists: their slugs, and the seconds."""
    from decisions import made_pages, static_export
    from decisions.models import Decision

    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(parents=True)
    rng = random.Random(seed)  # noqa: S311 - a benchmark's choices, not security
    slugs = list(Decision.objects.published().values_list("slug", flat=True))
    chosen = rng.sample(slugs, min(EXPORT_SAMPLE, len(slugs)))
    started = time.monotonic()
    for decision in Decision.objects.filter(slug__in=chosen).prefetch_related("versions"):
        static_export.write(FOLDER, static_export.files_of(decision))
    static_export.write(FOLDER, static_export.LISTS)
    seconds = time.monotonic() - started
    # The app's own copies of the same pages, as publishing makes each one.
    for slug in chosen:
        made_pages.make(slug)
    config = static_export.server_config(FOLDER, app=BASE, listen=f"127.0.0.1:{NGINX_PORT}")
    (FOLDER / ".nginx-server.conf").write_text(config)
    return chosen, seconds


def nginx_program() -> str | None:
    return shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin")


def write_nginx_config(folder: Path, export: Path) -> Path:
    """An nginx of its own, run from `folder`, serving `export` with the server block
    export_static wrote (tests/test_static_export.py runs the same)."""
    temporary = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    config = folder / "nginx.conf"
    config.write_text(
        f"daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        + ("user root;\n" if os.geteuid() == 0 else "")
        # One worker per core, as nginx's own default of "auto".
        + "worker_processes auto;\nevents { worker_connections 1024; }\n"
        + "http {\n  access_log off;\n  sendfile on;\n  keepalive_requests 100000;\n"
        + "".join(f"  {name}_temp_path {folder}/{name};\n" for name in temporary)
        + f"  include {export}/.nginx-server.conf;\n}}\n"
    )
    return config


def start_nginx():
    program = nginx_program()
    if program is None:
        sys.exit("nginx is not installed: apt-get install nginx (make bench does this).")
    folder = ROOT / "var" / "bench-nginx"
    folder.mkdir(parents=True, exist_ok=True)
    config = write_nginx_config(folder, FOLDER)
    process = subprocess.Popen([program, "-p", str(folder), "-c", str(config)])
    time.sleep(0.5)
    return process


def url_files(slugs) -> dict[str, str]:
    from bench.distinct import write_lists

    return write_lists({
        "exported notice pages": [f"/decisions/{slug}/" for slug in slugs],
        "exported notice PDFs": [f"/decisions/{slug}.pdf" for slug in slugs],
        "exported open data": [f"/api/decisions/{slug}.json" for slug in slugs],
    })  # fmt: skip


def measure(files) -> dict:
    """Each kind from gunicorn and from nginx, against gunicorn's /healthz; medians."""
    from bench import load
    from bench.run import _median

    results = {}
    for kind, path in files.items():
        for server, base in (("app", BASE), ("nginx", NGINX_BASE)):
            runs = []
            for _ in range(RUNS):
                ceiling = load.wrk("/healthz")["rps"]
                run = load.wrk("", distinct_from=path, base=base)
                runs.append(
                    run | {"healthz_rps": ceiling, "ratio_to_healthz": run["rps"] / ceiling}
                )
            results[f"{kind} ({server})"] = _median(runs)
    return results


def run(cache_url) -> dict:
    """Export the sample, then measure with gunicorn (this page cache) and nginx up."""
    from bench import load

    slugs, seconds = export_sample()
    files = url_files(slugs)
    master = load.start_gunicorn(cache_url)
    nginx = start_nginx()
    try:
        results = measure(files)
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(timeout=30)
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)
    written = sum(1 for path in FOLDER.rglob("*") if path.is_file())
    return {"notices": len(slugs), "files": written, "export_s": round(seconds, 1),
            "results": results}  # fmt: skip


def print_static(table):
    print(f"\nThe static export: {table['notices']:,} notices exported ({table['files']:,} files "
          f"in {table['export_s']:.0f} s), each request a different one, from gunicorn and from "
          "nginx serving the files\n")  # fmt: skip
    from bench.run import print_rates

    print_rates(table["results"], width=34)


def main():
    from bench import load
    from bench.config import CACHES, setup_django

    load.require_wrk()
    setup_django()
    from bench import database

    database.prepare()
    print_static(run(CACHES[list(CACHES)[-1]]))


if __name__ == "__main__":
    main()

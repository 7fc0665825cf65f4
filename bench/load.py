"""Driving the served register: gunicorn as in production, wrk as a second process."""

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.config import BASE, CONNECTIONS, ENV, PORT, ROOT, SECONDS, WORKERS


def require_wrk():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (make bench does this).")


def forget_cached_pages(cache_url: str) -> None:
    """Empty the page cache's entries, keeping what publishing makes (register rows) and
    what a register version keeps (filters' ids): a distinct-URL run that outlasts its
    list of URLs (5,000 at 500 a second is ten seconds) would otherwise be served the
    earlier runs' pages from the cache, and measure the cache, not the reader's page."""
    if not cache_url.startswith("redis://"):
        return
    import redis

    client = redis.Redis.from_url(cache_url)
    keys = list(client.scan_iter(match="*views.decorators.cache.*", count=5000))
    for start in range(0, len(keys), 5000):
        client.delete(*keys[start : start + 5000])


def start_gunicorn(cache_url: str):
    """gunicorn as production runs it, with `cache_url` as its page cache, emptied first:
    its keys hold the register's version, which another benchmark database (seeded to
    another size) shares, so a count kept from that one would answer for this one."""
    if cache_url.startswith("redis://"):
        import redis

        redis.Redis.from_url(cache_url).flushdb()
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            sys.exit(f"Port {PORT} is in use: stop what is on it, or set BENCH_PORT.")
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "pccdecisions.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS),
         "--worker-class", "sync", "--log-level", "warning", "--access-logfile", "-"],
        cwd=ROOT, env={**ENV, "CACHE_URL": cache_url}, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        if served("/healthz"):
            return process
        time.sleep(0.2)
    process.kill()
    sys.exit("gunicorn did not start")


def served(url: str) -> bool:
    try:
        with urllib.request.urlopen(BASE + url, timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


def warm(urls):
    for url in urls.values():
        for _ in range(WORKERS * 3):
            if not served(url):
                sys.exit(f"{url} failed before the benchmark.")


DISTINCT_SCRIPT = str(ROOT / "bench" / "distinct.lua")


def wrk(url, *, distinct_from=None, base=BASE):
    """One wrk run at `url`; or, given a file of paths, each request a different one."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", base + url]
    if distinct_from:
        command[-1:] = ["-s", DISTINCT_SCRIPT, base, "--", distinct_from]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1))
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
    failures = re.findall(r"(?:Non-2xx or 3xx responses|connect|read|write|timeout):? (\d+)", out)
    errors = sum(int(n) for n in failures)
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors}


def _ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def worker_pids(master) -> list[str]:
    """gunicorn's workers, read from /proc (Linux's own list of a process's children),
    so the benchmark needs no procps."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    return children.read_text().split() if children.exists() else []


def rss_mb(pid: str) -> float:
    """A process's resident memory in MB; 0 once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0.0
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def worker_memory(master):
    return [rss_mb(pid) for pid in worker_pids(master)]


def start_worker():
    """The background worker, as production runs it: at a lower CPU priority."""
    python = str(ROOT / ".venv" / "bin" / "python")
    return subprocess.Popen(
        ["nice", "-n", "10", python, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

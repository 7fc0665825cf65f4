"""The whole register's CSV and JSON, downloaded through gunicorn while each worker's
resident memory is read every 50 ms (issue 16): a download streams a chunk of rows at
a time, so its worker's memory should not grow with the register. Each is downloaded
twice: the first download also pays for a worker's first use of the export code."""

import threading
import time
import urllib.request

from bench import load
from bench.config import BASE

DOWNLOADS = ("/decisions.csv", "/decisions.json")


def measure(master) -> dict:
    results = {}
    for url in [*DOWNLOADS, *DOWNLOADS]:
        workers = load.worker_pids(master)
        before = {pid: load.rss_mb(pid) for pid in workers}
        peak = dict(before)
        got = {"bytes": 0}

        def download(url=url, got=got):
            with urllib.request.urlopen(BASE + url, timeout=600) as response:  # noqa: S310
                while chunk := response.read(1 << 16):
                    got["bytes"] += len(chunk)

        started = time.monotonic()
        thread = threading.Thread(target=download)
        thread.start()
        while thread.is_alive():
            for pid in workers:
                peak[pid] = max(peak[pid], load.rss_mb(pid))
            time.sleep(0.05)
        growth = max(peak[pid] - before[pid] for pid in workers)
        results[url if url not in results else f"{url}, again"] = {"mb": round(got["bytes"] / 1e6, 1), "seconds": round(time.monotonic() - started, 1),
                        "worker_peak_growth_mb": round(growth, 1),
                        "worker_peak_mb": round(max(peak.values()), 1)}  # fmt: skip
    return results

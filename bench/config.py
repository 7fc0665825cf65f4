"""What the benchmark runs against: PostgreSQL, production settings, one machine."""

import os
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
HEAVY_ROWS = int(os.environ.get("HEAVY_ROWS", "6000"))
BASE = f"http://127.0.0.1:{PORT}"
LATE_PAGE = min(500, max(1, COUNT // 20))
# The page cache each run is measured with: each worker's memory, then one Redis.
CACHES = {
    "local memory": "locmem://",
    "Redis": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
}

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


def setup_django():
    """Django in this process, with the settings gunicorn gets."""
    os.environ.update(ENV)
    import django

    django.setup()

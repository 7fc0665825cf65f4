"""How long an office's earlier register takes to import: IMPORT_ROWS rows (10,000 by
default), each with its own PDF, through `manage.py import_register`, into a new
PostgreSQL database (the seeded register is left alone). A dry run first, then the
import, each timed as the command's whole run."""

import csv
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.config import ENV, PYTHON, ROOT

ROWS = int(os.environ.get("IMPORT_ROWS", "10000"))
DATABASE = "pccdecisions_bench_import"
ORIGINAL = ROOT / "fixtures" / "import" / "pdfs" / "pcd-338.pdf"


def _write_register(folder: Path, rows: int) -> Path:
    """A register of one continuous series, half the rows with a summary (the other
    half are searched by their PDF's text), each PDF its own file."""
    pdfs = folder / "pdfs"
    pdfs.mkdir()
    original = ORIGINAL.read_bytes()
    index = folder / "register.csv"
    with index.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["reference", "title", "summary", "decision_maker_name",
                         "signed_on", "contact_names", "pdf"])  # fmt: skip
        for n in range(1, rows + 1):
            name = f"pcd-{n}.pdf"
            # A comment after the end keeps it a valid PDF with its own SHA-256.
            (pdfs / name).write_bytes(original + f"\n% copy {n}\n".encode())
            year = 2000 + n * 20 // rows
            writer.writerow([
                f"PCD {n}", f"Imported decision number {n}",
                "A summary of the decision." if n % 2 else "", "Ron Ball",
                f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}", "Helen Kirk; Mark Evans", name,
            ])  # fmt: skip
    return index


def _psql(*args):
    env = {**os.environ, "PGHOST": "127.0.0.1", "PGUSER": "postgres"}
    subprocess.run(args, check=True, env=env, capture_output=True)  # noqa: S603


def measure(rows: int = ROWS) -> dict:
    _psql("dropdb", "--if-exists", DATABASE)
    _psql("createdb", DATABASE)
    media = tempfile.mkdtemp(prefix="bench-import-media-")
    env = {**ENV, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
           "MEDIA_ROOT": media}  # fmt: skip
    manage = [PYTHON, str(ROOT / "manage.py")]
    try:
        with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
            index = _write_register(Path(folder), rows)
            subprocess.run([*manage, "migrate", "-v0"], check=True, env=env)  # noqa: S603
            command = [*manage, "import_register", str(index), "--files", f"{folder}/pdfs"]
            timings = {}
            for label, extra in (("dry_run_s", ["--dry-run"]), ("import_s", [])):
                start = time.perf_counter()
                subprocess.run([*command, *extra], check=True, env=env, capture_output=True)  # noqa: S603
                timings[label] = round(time.perf_counter() - start, 1)
            start = time.perf_counter()
            subprocess.run(command, check=True, env=env, capture_output=True)  # noqa: S603
            timings["second_run_s"] = round(time.perf_counter() - start, 1)
    finally:
        shutil.rmtree(media, ignore_errors=True)
        _psql("dropdb", "--if-exists", DATABASE)
    return {"rows": rows, **timings, "rows_per_s": round(rows / timings["import_s"], 1)}


if __name__ == "__main__":
    print(measure())

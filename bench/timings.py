# Run by bench/run.py inside `manage.py shell`: prints one JSON line of timings.
import json
import statistics
import subprocess
import sys
import tempfile
import time

from django.db import transaction

from decisions import office_key, pdf, publishing, workflow
from decisions.models import Decision, Section
from decisions.publishing import current_notice


def pages(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


# A notice of four pages: of 200 seeded decisions by length, the first that renders
# to four pages or more.
sample = sorted(
    Decision.objects.published().order_by("-signed_at")[:200], key=lambda d: len(d.search_document)
)
pdf.render_notice_pdf(current_notice(sample[0]))  # fonts load once per process
for notice in sample[len(sample) // 2 :: 10]:
    data = pdf.render_notice_pdf(current_notice(notice))
    if pages(data) >= 4:
        break
renders, seals = [], []
for _ in range(5):
    started = time.perf_counter()
    data = pdf.render_notice_pdf(current_notice(notice))
    renders.append(time.perf_counter() - started)
    started = time.perf_counter()
    office_key.sign_pdf(data, signing_time=notice.signed_at, reason="Benchmark")
    seals.append(time.perf_counter() - started)


class Rollback(Exception):
    pass


sys.path.insert(0, "bench")
from accounts import bench_accounts  # noqa: E402

drafter, signer = bench_accounts()
signings, publications = [], []
for _ in range(5):
    try:
        with transaction.atomic():
            draft = Decision.objects.create(
                title=notice.title, executive_summary=notice.executive_summary,
                decision_text=notice.decision_text, reasons=notice.reasons, created_by=drafter,
            )  # fmt: skip
            Section.objects.bulk_create(
                Section(decision=draft, order=s.order, heading=s.heading, body=s.body)
                for s in notice.sections.all()
            )
            draft = workflow.send_urgent_for_signature(draft, by=drafter, reason="Benchmark")
            started = time.perf_counter()
            signed = workflow.sign(draft, by=signer, declaration="none")
            signings.append(time.perf_counter() - started)
            # What the worker then does: render, PAdES-sign, store and log the PDF.
            started = time.perf_counter()
            publishing.publish(signed.versions.get().pk)
            publications.append(time.perf_counter() - started)
            raise Rollback  # leave the benchmark register as it was
    except Rollback:
        pass

# Searches as the first reader of a new query meets them: nothing cached.
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

client = Client(SERVER_NAME="127.0.0.1")
uncached = {}
for name, url in (("common", "/decisions/?q=policing"), ("rare", "/decisions/?q=zephyrine")):
    times = []
    for _ in range(5):
        cache.clear()
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append(time.perf_counter() - started)
    uncached[name] = statistics.median(times)

print(json.dumps({
    "search_uncached_common_s": uncached["common"],
    "search_uncached_rare_s": uncached["rare"],
    "render_pdf_s": statistics.median(renders),
    "pades_s": statistics.median(seals),
    "pdf_pages": pages(data),
    "sign_s": statistics.median(signings),
    "publish_s": statistics.median(publications),
    "sign_and_publish_s": statistics.median(signings) + statistics.median(publications),
}))  # fmt: skip

# Run by bench/run.py inside `manage.py shell`: prints one JSON line of timings.
import json
import statistics
import subprocess
import tempfile
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from decisions import pdf, roles, workflow
from decisions.models import Decision, Section, Signatory
from decisions.publishing import current_notice


def pages(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


# A notice of about four pages: the longest of a sample of seeded decisions.
sample = Decision.objects.published().order_by("-signed_at")[:200]
notice = max(sample, key=lambda d: len(d.search_document))
pdf.render_notice_pdf(current_notice(notice))  # fonts load once per process
renders = []
for _ in range(5):
    started = time.perf_counter()
    data = pdf.render_notice_pdf(current_notice(notice))
    renders.append(time.perf_counter() - started)


class Rollback(Exception):
    pass


User = get_user_model()
drafter, _ = User.objects.get_or_create(username="bench-drafter", defaults={"is_staff": True})
drafter.groups.add(Group.objects.get(name=roles.DRAFTER))
signer, _ = User.objects.get_or_create(username="bench-commissioner", defaults={"is_staff": True})
signer.groups.add(Group.objects.get(name=roles.COMMISSIONER))
Signatory.objects.get_or_create(
    user=signer,
    defaults={
        "name": "Bench Commissioner",
        "title": "Commissioner",
        "term_start": timezone.localdate(),
    },
)
signings = []
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
            workflow.sign(draft, by=signer, declaration="none")
            signings.append(time.perf_counter() - started)
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
    "pdf_pages": pages(data),
    "sign_s": statistics.median(signings),
}))  # fmt: skip

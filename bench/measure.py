"""What the benchmark measures besides throughput: the URLs, their queries, signing and
rendering times, and a heavy notice signed while the register is under load."""

import html
import json
import re
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY

from bench import load
from bench.accounts import bench_accounts
from bench.config import BASE, HEAVY_ROWS, LATE_PAGE, ROOT
from decisions import office_key, pdf, publishing, two_factor, workflow
from decisions.models import Decision, Section
from decisions.publishing import current_notice


def pick_urls():
    decision = Decision.objects.published().order_by("-signed_at")[50]
    manifest = json.loads((ROOT / "var" / "bench-static" / "staticfiles.json").read_text())
    return {
        "healthz": "/healthz",
        "register page 1": "/decisions/",
        f"register page {LATE_PAGE}": f"/decisions/?page={LATE_PAGE}",
        "year archive": f"/decisions/{decision.signed_at.year}/",
        "search, common word": "/decisions/?q=policing",
        "search, rare word": "/decisions/?q=zephyrine",
        "notice page": f"/decisions/{decision.slug}/",
        "notice PDF": f"/decisions/{decision.slug}.pdf",
        "Atom feed": "/decisions/feed/",
        "static file": "/static/" + manifest["paths"]["build/app.css"],
    }


def query_counts(urls):
    """Queries per page with nothing cached."""
    client, counts = Client(SERVER_NAME="127.0.0.1"), {}
    for name, url in urls.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        counts[name] = len(queries)
    return counts


def _pages(data: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _four_pages_or_more():
    """Of 200 seeded decisions by length, the first that renders to four pages or more."""
    sample = Decision.objects.published().order_by("-signed_at")[:200]
    sample = sorted(sample, key=lambda d: len(d.search_document))
    pdf.render_notice_pdf(current_notice(sample[0]))  # fonts load once per process
    for decision in sample[len(sample) // 2 :: 10]:
        if _pages(pdf.render_notice_pdf(current_notice(decision))) >= 4:
            return decision
    return sample[-1]


class _Rollback(Exception):
    pass


def timings():
    notice = _four_pages_or_more()
    renders, seals, signings, publications = [], [], [], []
    for _ in range(5):
        started = time.perf_counter()
        data = pdf.render_notice_pdf(current_notice(notice))
        renders.append(time.perf_counter() - started)
        started = time.perf_counter()
        office_key.sign_pdf(data, signing_time=notice.signed_at, reason="Benchmark")
        seals.append(time.perf_counter() - started)
    drafter, signer = bench_accounts()
    for _ in range(5):
        try:
            with transaction.atomic():
                draft = Decision.objects.create(
                    title=notice.title, executive_summary=notice.executive_summary,
                    decision_text=notice.decision_text, reasons=notice.reasons,
                    created_by=drafter,
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
                raise _Rollback  # leave the benchmark register as it was
        except _Rollback:
            pass
    return {
        "search_uncached_common_s": _uncached("/decisions/?q=policing"),
        "search_uncached_rare_s": _uncached("/decisions/?q=zephyrine"),
        "render_pdf_s": statistics.median(renders),
        "pades_s": statistics.median(seals),
        "pdf_pages": _pages(data),
        "sign_s": statistics.median(signings),
        "publish_s": statistics.median(publications),
        "sign_and_publish_s": statistics.median(signings) + statistics.median(publications),
    }


def _uncached(url):
    """A search as the first reader of a new query meets it: nothing cached."""
    client, times = Client(SERVER_NAME="127.0.0.1"), []
    for _ in range(5):
        cache.clear()
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- A heavy notice, signed while the register is read -------------------------------


def _heavy_draft_and_session():
    """A decision whose notice holds a table of HEAVY_ROWS rows, ready for the bench
    Commissioner, and a signed-in, second-factor-verified session for them."""
    drafter, signer = bench_accounts()
    table = "| Item | Cost |\n|---|---|\n" + "".join(
        f"| Line {n} of the estates schedule | £{n * 37 % 9973:,} |\n" for n in range(HEAVY_ROWS)
    )
    draft = Decision.objects.create(
        title=f"Estates schedule with {HEAVY_ROWS:,} lines", created_by=drafter,
        executive_summary="A long schedule.", decision_text="- that the schedule be approved.",
    )  # fmt: skip
    Section.objects.create(decision=draft, order=1, heading="The schedule", body=table)
    workflow.send_urgent_for_signature(draft, by=drafter, reason="Benchmark of a heavy notice")
    session = SessionStore()
    session[SESSION_KEY] = str(signer.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = signer.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = two_factor.authenticator(signer).persistent_id
    session.create()
    return draft, session.session_key


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
    draft, session = _heavy_draft_and_session()
    status, sign_s = _sign_over_http(draft.pk, session)
    draft.refresh_from_db()
    worker = load.start_worker()
    started = time.monotonic()
    during = {}
    for name in ("register page 1", "notice page"):
        run = load.wrk(results[name]["url"])
        run["ratio_to_before"] = round(run["rps"] / results[name]["rps"], 3)
        during[name] = run
    pdf_url = f"/decisions/{draft.slug}.pdf"
    still_rendering = not load.served(pdf_url)
    while not load.served(pdf_url) and time.monotonic() - started < 1800:
        time.sleep(1)
    publish_s = time.monotonic() - started
    worker.terminate()
    worker.wait(timeout=120)
    return {"rows": HEAVY_ROWS, "sign_status": status, "sign_request_s": round(sign_s, 3),
            "render_and_publish_s": round(publish_s, 1),
            "rendering_throughout_measurement": still_rendering, "during": during}  # fmt: skip

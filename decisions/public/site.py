"""The register's other pages: how to check it (/transparency/ and its log), the
sitemap, robots.txt, security.txt, accessibility, open data, and the error pages.
"""

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.paginator import EmptyPage, Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from decisions import office_key, transparency
from decisions.models import BoardMeeting, Decision, LogEntry
from decisions.public.api import json_not_found
from decisions.public.data_rows import FIELDS
from decisions.public.finding import per_register_version


class DecisionSitemap(Sitemap):
    changefreq = "never"
    limit = 10_000

    def items(self):
        return Decision.objects.published().only("slug", "signed_at", "withdrawn_at").order_by("id")

    def lastmod(self, decision):
        return decision.withdrawn_at or decision.signed_at


class MeetingSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return BoardMeeting.objects.order_by("id")

    def location(self, meeting):
        return reverse("decisions:meeting", args=[meeting.pk])


class PageSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["decisions:register", "decisions:meetings", "decisions:open_data",
                "decisions:accessibility"]  # fmt: skip

    def location(self, name):
        return reverse(name)


SITEMAPS = {"decisions": DecisionSitemap, "meetings": MeetingSitemap, "pages": PageSitemap}


def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def security_txt(request):
    """RFC 9116: how to report a vulnerability. Expires a year ahead, as the RFC asks."""
    expires = (timezone.now() + datetime.timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(datetime.UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def accessibility(request):
    return render(
        request,
        "decisions/accessibility.html",
        {
            "email": settings.OFFICE_EMAIL,
            "phone": settings.OFFICE_PHONE,
            "prepared": settings.ACCESSIBILITY_STATEMENT_PREPARED,
            "reviewed": settings.ACCESSIBILITY_STATEMENT_REVIEWED,
        },
    )


def open_data(request):
    return render(request, "decisions/open_data.html", {"fields": FIELDS})


def not_found(request, exception=None):
    if request.path_info.startswith("/api/"):
        return json_not_found(request)
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    """400. Most often a form too large to accept (a very long paste): say so, and that
    nothing was saved, so the writer goes back (the browser keeps what they typed)."""
    too_large = isinstance(exception, (RequestDataTooBig, TooManyFieldsSent))
    context = {"too_large": too_large, "limit_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20}
    return render(request, "400.html", context, status=413 if too_large else 400)


def server_error(request):
    return render(request, "500.html", status=500)


PAGE_SIZE = 1000


def explained(request):
    latest = LogEntry.objects.order_by("-sequence").first()
    return render(
        request,
        "decisions/transparency.html",
        {"latest": latest, "page_size": PAGE_SIZE},
    )


def _entry(entry: LogEntry) -> dict:
    fields = transparency.hashed_fields(entry)
    slug, number = entry.slug, entry.version_number
    return {
        **fields,
        "entry_hash": entry.entry_hash,
        "pdf_url": reverse("decisions:version_pdf", args=[slug, number]),
        "content_url": reverse("decisions:version_json", args=[slug, number]),
    }


def _head() -> dict | None:
    """The latest entry's hash, signed with the office key: fixes the whole chain."""
    latest = LogEntry.objects.order_by("-sequence").first()
    if latest is None:
        return None
    return {
        "sequence": latest.sequence,
        "entry_hash": latest.entry_hash,
        **office_key.sign_text(latest.entry_hash),
        "certificate_url": reverse("decisions:transparency_certificate"),
    }


def log_json(request):
    """/transparency/log.json?page=N: the chain, oldest first, PAGE_SIZE entries a page."""
    raw_page = request.GET.get("page", "1")
    page_number = int(raw_page) if raw_page.isdigit() else 0
    paginator = Paginator(LogEntry.objects.order_by("sequence"), PAGE_SIZE)
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        if page_number == 1:  # an empty log still has a first page
            page = None
        else:
            return JsonResponse({"error": f"There is no page {raw_page[:20]!r} of the log."},
                                status=404)  # fmt: skip
    url = reverse("decisions:transparency_log")
    body = {
        "recipe": transparency.RECIPE,
        "hashed_fields": list(transparency.HASHED_FIELDS),
        "genesis_previous_hash": transparency.GENESIS,
        "head": per_register_version("log-head", _head),
        "count": paginator.count,
        "entries": [_entry(entry) for entry in page] if page else [],
        "next": f"{url}?page={page.next_page_number()}" if page and page.has_next() else None,
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})


def certificate(request):
    response = HttpResponse(office_key.certificate_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'inline; filename="office-certificate.pem"'
    return response

"""The register's other pages: sitemap, robots.txt, accessibility, open data, errors."""

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from decisions.models import BoardMeeting, Decision
from decisions.public.opendata import FIELDS


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
    return render(request, "decisions/accessibility.html")


def open_data(request):
    return render(request, "decisions/open_data.html", {"fields": FIELDS})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)

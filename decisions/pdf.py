"""The official PDF notice: rendered by WeasyPrint once, at signing (and at each
amendment), stored with its SHA-256, and served as a file, never per request.

The renderer may load only the project's own static files: any other URL in the
content (an image, a stylesheet) is refused, never fetched.
"""

import hashlib
import logging
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from decisions.models import NoticeDocument
from decisions.notices import notice_context, notice_queryset

log = logging.getLogger("decisions.pdf")
STATIC_PREFIX = "static:"


class ExternalResourceRefused(Exception):
    pass


def _static_only_fetcher():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """The project's own static files, and nothing else: no network, no other files."""

        def fetch(self, url, headers=None):
            if url.startswith(STATIC_PREFIX):
                path = finders.find(url[len(STATIC_PREFIX) :].lstrip("/"))
                if path:
                    return super().fetch(Path(path).as_uri(), headers)
            log.warning("PDF renderer refused to fetch %s", url)
            raise ExternalResourceRefused(url)

    return StaticOnlyFetcher(allowed_protocols={"file"}, allow_redirects=False)


def render_notice_pdf(decision) -> bytes:
    from weasyprint import HTML

    decision = notice_queryset().get(pk=decision.pk) if decision.pk else decision
    context = {**notice_context(decision), "static_prefix": STATIC_PREFIX}
    html = render_to_string("decisions/notice_pdf.html", context)
    document = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=_static_only_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


def store_notice_pdf(decision, *, reason: str) -> NoticeDocument:
    data = render_notice_pdf(decision)
    digest = hashlib.sha256(data).hexdigest()
    slug = decision.slug or f"decision-{decision.pk}"
    document = NoticeDocument(decision=decision, sha256=digest, size=len(data), reason=reason)
    document.file.save(f"{slug}.pdf", ContentFile(data), save=False)
    document.save()
    log.info("stored PDF of %s (%s bytes, sha256 %s)", decision.reference, len(data), digest)
    return document

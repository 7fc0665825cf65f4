"""The official PDF notice: rendered by WeasyPrint once for each signed version of a
notice (decisions.publishing stores it, signed digitally), never per request.

The renderer may load only the project's own static files: any other URL in the
content (an image, a stylesheet) is refused, never fetched.
"""

import logging
import os
import threading
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

from decisions.notices import Notice, draft_notice, notice_queryset

log = logging.getLogger("decisions.pdf")
STATIC_PREFIX = "static:"


class ExternalResourceRefused(Exception):
    pass


class NotAPublicPaper(Exception):
    """A draft that the law does not make public: it is never rendered for the public."""


def _static_only_fetcher():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """The project's own static files, and nothing else: no network, no other files."""

        def fetch(self, url, headers=None):
            if url.startswith(STATIC_PREFIX):
                try:
                    path = finders.find(url[len(STATIC_PREFIX) :].lstrip("/"))
                except SuspiciousFileOperation:  # "static:../../etc/passwd"
                    path = None
                if path:
                    return super().fetch(Path(path).as_uri(), headers)
            log.warning("PDF renderer refused to fetch %s", url)
            raise ExternalResourceRefused(url)

    return StaticOnlyFetcher(allowed_protocols={"file"}, allow_redirects=False)


_per_thread = threading.local()
STYLESHEET = "pdf/notice.css"


def _fonts_and_stylesheet():
    """The fonts found and the stylesheet parsed once for each thread that renders (the
    worker's one; the test server's several), not for every PDF: together a third of
    a notice's rendering time. WeasyPrint's font configuration is not shared between
    threads. A changed stylesheet is read when the worker starts again."""
    if not hasattr(_per_thread, "resources"):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        stylesheet = CSS(
            string=Path(finders.find(STYLESHEET)).read_text(encoding="utf-8"),
            base_url=STATIC_PREFIX + STYLESHEET,
            url_fetcher=_static_only_fetcher(),
            font_config=fonts,
        )
        _per_thread.resources = fonts, stylesheet
    return _per_thread.resources


def _render(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    extra = {"static_prefix": STATIC_PREFIX, "site_url": settings.SITE_URL}
    html = render_to_string(template, {**context, **extra})
    document = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=_static_only_fetcher())
    fonts, stylesheet = _fonts_and_stylesheet()
    # Presentational hints carry <ol start="6">: numbered paragraphs keep their numbers.
    # PDF/UA-1 tags the structure, and sets the language and the title to display.
    return document.write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        pdf_variant="pdf/ua-1",
        presentational_hints=True,
        finisher=_finish_table_tags,
    )


def _finish_table_tags(document, pdf) -> None:
    """Complete the tags of tables, through WeasyPrint's `finisher` hook, which is given
    the PDF's objects (pydyf) before they are written.

    WeasyPrint 70 ties each data cell (TD) to its header cells by naming their IDs in
    its Headers, but writes no IDTree, which ISO 32000-1 (14.7.2) requires for a reader
    to find an element by its ID, and no Scope on a header cell (TH). This adds both:
    a header cell named by a data cell of its own row heads that row, any other heads
    its column, as WeasyPrint decided them from the HTML's scope attributes.
    tests/test_pdf_structure.py checks the result."""
    from pydyf import Array, Dictionary, String

    objects = [o for o in pdf.objects if isinstance(o, Dictionary)]
    elements = {o.reference: o for o in objects if o.get("Type") == "/StructElem"}
    named = {}
    for row in (element for element in elements.values() if element["S"] == "/TR"):
        cells = [elements[kid] for kid in row["K"] if kid in elements]
        heads_row = {h.string for cell in cells for h in cell["A"].get("Headers", ())}
        for cell in (cell for cell in cells if cell["S"] == "/TH" and "ID" in cell):
            cell["A"]["Scope"] = "/Row" if cell["ID"].string in heads_row else "/Column"
            named[cell["ID"].string] = cell.reference
    if named:
        root = next(o for o in objects if o.get("Type") == "/StructTreeRoot")
        pairs = [item for key in sorted(named) for item in (String(key), named[key])]
        root["IDTree"] = Dictionary({"Names": Array(pairs)})


def render_notice_pdf(notice: Notice) -> bytes:
    return _render("decisions/notice_pdf.html", {"notice": notice})


def render_draft_paper_pdf(agenda_item) -> bytes:
    """The public paper for a draft on a public meeting's published agenda: the board
    report, then the draft, marked on every page as not a decision."""
    meeting = agenda_item.meeting
    decision = notice_queryset().get(pk=agenda_item.decision_id)
    if not agenda_item.is_public_paper:
        raise NotAPublicPaper(f"{agenda_item} is not a public paper.")
    if decision.is_signed:
        raise NotAPublicPaper(f"{decision.reference} is signed: its notice has its own PDF.")
    # A Notice never holds the confidential parts, so neither can this paper.
    context = {"notice": draft_notice(decision), "item": agenda_item, "meeting": meeting}
    return _render("decisions/draft_paper_pdf.html", context)


def render_panel_report_pdf(report) -> bytes:
    """The report to the Police and Crime Panel (decisions/panel_report.py), from the
    public record only: tagged to the notices' standard."""
    return _render("decisions/panel_report_pdf.html", {"report": report})


def current_pdf_name(slug: str) -> str:
    """The latest PDF of a signed decision, as a copy named by its slug (under MEDIA_ROOT):
    found without the database."""
    return f"notices/current/{slug}.pdf"


def current_pdf_path(slug: str) -> Path:
    return Path(settings.MEDIA_ROOT) / current_pdf_name(slug)


def publish_current_pdf(slug: str, data: bytes) -> None:
    """Replace the served copy atomically: a reader gets the old file or the new, never half."""
    path = current_pdf_path(slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)

"""The register: the list with search and filters, year archives, notices, their PDFs
and versions, and their annexes and papers as downloads.
"""

import json
from pathlib import PurePath

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView

from decisions.files import serve_media, serve_stored_file
from decisions.models import Annex, BackgroundPaper, Decision, NoticeVersion, ReleaseReview
from decisions.notices import Notice, canonical_json, later_decisions
from decisions.pdf import current_pdf_name
from decisions.public.finding import (
    PHRASE_UNCHECKED,
    SEARCH_COUNT_CAP,
    RegisterPaginator,
    published_years,
    register_filters,
    snippet,
)
from decisions.public.frames import render_in_frame
from decisions.register_rows import kept_rows, kept_search_rows

PAGE_SIZE = 20


def register_queryset():
    return Decision.objects.on_register().only(
        "reference",
        "slug",
        "title",
        "status",
        "signed_at",
        "executive_summary",
        "search_document",
        "from_earlier_register",
        "signed_on",
        "register_note",
    )


def register_list(filters):
    """The register's decisions these filters (or this search) choose, in the register's
    order, newest first (a search's own order, where it ranks)."""
    queryset = register_queryset().order_by("-signed_at", "-id")
    if not filters.query_text:
        # Read only for a search's snippets: ten kilobytes and more a row.
        queryset = queryset.defer("search_document")
    return filters.apply(queryset)


class RegisterView(ListView):
    """/decisions/: newest first; search, filter by year, board and status."""

    template_name = "decisions/decision_list.html"
    context_object_name = "decisions"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.filters = register_filters(self.filter_params())
        return super().get(request, *args, **kwargs)

    def filter_params(self):
        return self.request.GET

    def get_queryset(self):
        return register_list(self.filters)

    def paginate_queryset(self, queryset, page_size):
        """The page's ids first, then only their rows. Walking to a deep page over ids
        reads the register's order index alone; over whole rows it read every row
        before the page (page 5,000 of 100,000: 236 ms). Off a search, the rows are
        kept ones, read with no query at all (register_rows.py)."""
        paginator, page, ids, is_paginated = super().paginate_queryset(
            queryset.values_list("pk", flat=True), page_size
        )
        ids = list(ids)
        in_page = queryset.order_by().filter
        if text := self.filters.query_text:
            found = {decision.pk: decision for decision in in_page(pk__in=ids)}
            page.object_list = [found[pk] for pk in ids if pk in found]
            passages = {decision.pk: snippet(decision, text) for decision in page.object_list}
            self.rows = kept_search_rows(page.object_list, passages)
        else:
            listed = [(pk, paginator.object_list.status(pk)) for pk in ids]
            self.rows = kept_rows(listed, lambda missing: in_page(pk__in=missing))
            page.object_list = self.rows
        return paginator, page, page.object_list, is_paginated

    def get_paginator(self, queryset, per_page, **kwargs):
        return RegisterPaginator(
            queryset,
            per_page,
            filter_key=self.filters.filter_key,
            searching=bool(self.filters.query_text),
            counted=self.filters.search_count,
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.filters.query_text
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            search_count_cap=f"{SEARCH_COUNT_CAP:,}",
            phrase_unchecked=PHRASE_UNCHECKED,
            filters=self.filters,
            rows=self.rows,
            query_text=text,
            query_string=params.urlencode(),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        return render_in_frame(
            self.request, self.get_template_names(), context, list_query=context["query_string"]
        )


class YearArchiveView(RegisterView):
    """/decisions/<year>/: the register for one year."""

    template_name = "decisions/decision_archive_year.html"

    def get(self, request, *args, **kwargs):
        if int(self.kwargs["year"]) not in published_years():
            raise Http404("There are no decisions from that year.")
        return super().get(request, *args, **kwargs)

    def filter_params(self):
        params = self.request.GET.copy()
        params["year"] = str(self.kwargs["year"])
        return params

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = self.kwargs["year"]
        return context


class NoticeView(DetailView):
    """/decisions/<slug>/: the notice as an accessible HTML page, as last signed."""

    template_name = "decisions/decision_detail.html"
    context_object_name = "decision"

    def get_queryset(self):
        return Decision.objects.on_register()

    def get_template_names(self):
        if self.object.is_entry:
            return ["decisions/register_entry.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = self.object
        if decision.is_entry:
            return context  # no notice: its reference, date and reason only
        versions = list(
            decision.versions.select_related("document").defer("content").order_by("number")
        )
        latest = decision.versions.order_by("-number").values_list("content", flat=True).first()
        if latest is None:
            raise Http404("This notice is not available.")
        published = [v for v in versions if hasattr(v, "document")]
        context.update(
            notice=Notice.from_json(latest),
            later_decisions=later_decisions(decision),
            reviews=ReleaseReview.objects.public_notes(decision),
            versions=versions,
            document=published[-1].document if published else None,
            pdf_pending=not hasattr(versions[-1], "document"),
        )
        context["json_ld"] = _json_ld(self.request, decision, context["document"])
        return context


def _version(slug, number):
    return get_object_or_404(
        NoticeVersion.objects.select_related("document", "decision"),
        decision__in=Decision.objects.published(),
        decision__slug=slug,
        number=number,
    )


def notice_pdf(request, slug):
    """/decisions/<slug>.pdf: the latest PDF, from its copy named by the slug (no database),
    or else from the stored document. Reading never writes: republish_pdfs restores a
    lost copy."""
    try:
        response = serve_media(current_pdf_name(slug), f"{slug}.pdf", inline=True)
    except Http404:
        decision = get_object_or_404(Decision.objects.published().only("pk", "slug"), slug=slug)
        document = decision.documents.first()
        if document is None:
            raise Http404("This notice's PDF is not ready yet.") from None
        response = serve_stored_file(document.file, f"{slug}.pdf", inline=True)
    response["Cache-Control"] = "public, max-age=300"
    return response


def version_pdf(request, slug, number):
    """/decisions/<slug>/versions/<n>.pdf: the PDF of one signed version, for ever."""
    version = _version(slug, number)
    if not hasattr(version, "document"):
        raise Http404("This version's PDF is not ready yet.")
    return serve_stored_file(version.document.file, f"{slug}-v{number}.pdf", inline=True)


def version_json(request, slug, number):
    """/decisions/<slug>/versions/<n>.json: exactly what was signed, in the byte form whose
    SHA-256 is the version's content_sha256 (in the transparency log)."""
    version = _version(slug, number)
    response = HttpResponse(canonical_json(version.content), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{slug}-v{number}.json"'
    return response


def _json_ld(request, decision, document):
    """schema.org Legislation, escaped so no text can close the script element."""
    url = request.build_absolute_uri(decision.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": url,
        "url": url,
        "identifier": decision.reference,
        "legislationIdentifier": decision.reference,
        "name": decision.title,
        "abstract": " ".join(decision.executive_summary.split()),
        "legislationLegalForce": "NotInForce" if decision.is_withdrawn else "InForce",
        "inLanguage": "en-GB",
        "legislationPassedBy": {"@type": "Person", "name": decision.signed_name,
                                "jobTitle": decision.signed_title},
        "publisher": {"@type": "GovernmentOrganization", "name": settings.OFFICE_NAME},
    }  # fmt: skip
    # Dates an earlier register did not record are left out, never invented.
    if decision.signed_date:
        data["legislationDate"] = decision.signed_date.isoformat()
    if decision.published_date:
        data["datePublished"] = decision.published_date.isoformat()
    if document:
        data["encoding"] = {
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentUrl": request.build_absolute_uri(
                reverse("decisions:pdf", args=[decision.slug])
            ),
            "sha256": document.sha256,
        }
    text = json.dumps(data, ensure_ascii=False)
    # The same escaping Django's json_script uses: <, > and & can never end the element.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above


KINDS = {"annex": Annex, "paper": BackgroundPaper}


def download(request, kind, pk):
    model = KINDS.get(kind)
    if model is None:
        raise Http404("No such document.")
    document = get_object_or_404(model.objects.public().exclude(file=""), pk=pk)
    stem = PurePath(document.original_filename).stem or f"{kind}-{pk}"
    return serve_stored_file(document.file, f"{stem}{PurePath(document.file.name).suffix}")

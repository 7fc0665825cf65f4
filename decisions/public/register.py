"""The register: the list with search and filters, year archives, notices and their PDFs."""

import json

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView

from decisions.models import Decision, NoticeDocument
from decisions.notices import notice_context, notice_queryset
from decisions.public.counting import RegisterPaginator
from decisions.public.filters import register_filters
from decisions.public.search import SEARCH_COUNT_CAP, snippet

PAGE_SIZE = 20


def register_queryset():
    return Decision.objects.published().only(
        "reference", "slug", "title", "status", "signed_at", "executive_summary", "search_document"
    )


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
        queryset = register_queryset().order_by("-signed_at", "-id")
        return self.filters.apply(queryset)

    def get_paginator(self, queryset, per_page, **kwargs):
        params = self.filter_params().copy()
        params.pop("page", None)
        return RegisterPaginator(
            queryset,
            per_page,
            count_key=params.urlencode(),
            searching=bool(self.filters.query_text),
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.filters.query_text
        for decision in context["decisions"]:
            decision.snippet = snippet(decision, text) if text else None
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            search_count_cap=f"{SEARCH_COUNT_CAP:,}",
            filters=self.filters,
            query_text=text,
            query_string=params.urlencode(),
            feed_query=params.urlencode(),
        )
        return context


class YearArchiveView(RegisterView):
    """/decisions/<year>/: the register for one year."""

    template_name = "decisions/decision_archive_year.html"

    def filter_params(self):
        params = self.request.GET.copy()
        params["year"] = str(self.kwargs["year"])
        return params

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = self.kwargs["year"]
        return context


class NoticeView(DetailView):
    """/decisions/<slug>/: the notice as an accessible HTML page."""

    template_name = "decisions/decision_detail.html"
    context_object_name = "decision"

    def get_queryset(self):
        return notice_queryset().published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = self.object
        context.update(notice_context(decision))
        context["document"] = decision.documents.order_by("-created_at", "-id").first()
        context["json_ld"] = _json_ld(self.request, decision, context["document"])
        return context


def notice_pdf(request, slug):
    """/decisions/<slug>.pdf: the stored PDF, as rendered at signing. Never rendered here."""
    decision = get_object_or_404(Decision.objects.published().only("pk", "slug"), slug=slug)
    document = (
        NoticeDocument.objects.filter(decision=decision).order_by("-created_at", "-id").first()
    )
    if document is None:
        raise Http404("This notice's PDF is not available.")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("This notice's PDF is not available.") from None
    # The fast path (PublishedPdfMiddleware) had no published copy: make it again,
    # from the stored document, so the next reader gets it from there.
    from decisions.pdf import publish_current_pdf

    data = handle.read()
    handle.seek(0)
    publish_current_pdf(slug, data)
    response = FileResponse(handle, content_type="application/pdf", filename=f"{slug}.pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
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
        "legislationDate": decision.signed_at.date().isoformat(),
        "datePublished": (decision.published_at or decision.signed_at).date().isoformat(),
        "legislationLegalForce": "NotInForce" if decision.status == "withdrawn" else "InForce",
        "inLanguage": "en-GB",
        "legislationPassedBy": {"@type": "Person", "name": decision.signed_name,
                                "jobTitle": decision.signed_title},
        "publisher": {"@type": "GovernmentOrganization", "name": settings.OFFICE_NAME},
    }  # fmt: skip
    if document:
        data["encoding"] = {
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentUrl": request.build_absolute_uri(f"{decision.get_absolute_url()[:-1]}.pdf"),
            "sha256": document.sha256,
        }
    text = json.dumps(data, ensure_ascii=False)
    # The same escaping Django's json_script uses: <, > and & can never end the element.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above

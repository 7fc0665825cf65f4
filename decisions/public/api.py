"""The register's API for programs: /api/decisions.json, the register's search and
filters a page at a time, and /api/decisions/<reference>.json, one decision. Each
answer carries an ETag and Last-Modified from the register's version, so a program
polling for new decisions is answered "304 Not Modified" until one is signed. Errors
are JSON too. The whole register in one file is /decisions.json (exports.py).
"""

import json

from django.core.paginator import InvalidPage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import condition

from decisions.models import Decision, RegisterVersion
from decisions.models.decision import reference_slug
from decisions.public.data_rows import FIELDS, export_queryset, kept_rows, rows
from decisions.public.exports import filter_errors
from decisions.public.finding import RegisterPaginator, register_filters
from decisions.public.listing import matching

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def _last_changed(request):
    """The register's (version, when), read once for the ETag and Last-Modified both."""
    if not hasattr(request, "register_last_changed"):
        request.register_last_changed = RegisterVersion.last_changed()
    return request.register_last_changed


def _etag(request, *args, **kwargs):
    # Every answer changes only when the register does (its version is bumped in the
    # same transaction as each change), and a client keeps one per URL.
    return f"register-{_last_changed(request)[0]}"


def _last_modified(request, *args, **kwargs):
    return _last_changed(request)[1]


unchanged_since_last_asked = condition(etag_func=_etag, last_modified_func=_last_modified)


def json_error(status: int, error: str, message: str) -> JsonResponse:
    return JsonResponse({"error": error, "message": message}, status=status)


def json_not_found(request, message=None):
    """The API's 404: JSON a program can read, never the HTML page."""
    message = message or f"There is nothing at {request.path}. See /open-data/ for the API."
    return json_error(404, "not_found", message)


def _page_size(params) -> int | None:
    raw = params.get("page_size", "")
    if raw == "":
        return PAGE_SIZE
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= MAX_PAGE_SIZE else None


@unchanged_since_last_asked
def decisions_page(request):
    """/api/decisions.json?page=N&page_size=M, with the register's filters."""
    size = _page_size(request.GET)
    if size is None:
        message = f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}."
        return json_error(400, "bad_request", message)
    filters = register_filters(request.GET)
    params = request.GET.copy()
    params.pop("page", None)
    # The page's ids first, then their rows: sorting the whole register's wide rows to
    # skip to a deep page spilled to disk (100 ms at 10,000 decisions); ids are narrow.
    paginator = RegisterPaginator(
        matching(filters),
        size,
        filter_key=filters.filter_key,
        searching=bool(filters.query_text),
        counted=filters.search_count,
    )
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        return json_not_found(request, "There is no such page of decisions.")
    head = json.dumps(
        {
            "fields": list(FIELDS),
            "errors": filter_errors(filters),
            "count": paginator.count,
            # A search matching very many stops counting: "at least count".
            "count_is_exact": not paginator.capped,
            "page": page.number,
            "page_size": size,
            "next": _page_url(request, params, page.next_page_number())
            if page.has_next()
            else None,
            "previous": _page_url(request, params, page.previous_page_number())
            if page.has_previous()
            else None,
        },
        ensure_ascii=False,
    )
    # The rows are kept as JSON (data_rows.py): put in as they are, not read back into
    # Python to be written out again (a third of a page's cost).
    decisions = ", ".join(kept_rows(request, list(page.object_list), "json"))
    return HttpResponse(
        f'{head[:-1]}, "decisions": [{decisions}]}}', content_type="application/json"
    )


def _page_url(request, params, number) -> str:
    query = params.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{reverse('decisions:json')}?{query.urlencode()}")


@unchanged_since_last_asked
def decision(request, reference):
    """One decision by its reference as written ("PCD 2024-017", any case) or its
    slug; anything but the slug redirects to the one canonical address."""
    slug = reference_slug(reference)
    if slug != reference:
        if not slug:
            return json_not_found(request)
        return redirect("decisions:decision_json", reference=slug, permanent=True)
    found = export_queryset(Decision.objects.on_register()).filter(slug=slug).first()
    if found is None:
        message = f"No decision on the register has the reference {reference!r}."
        return json_not_found(request, message)
    return JsonResponse(next(rows(request, [found])), json_dumps_params={"ensure_ascii": False})

"""A register page's frame, made once for each list and each version of the register.

A register page is its results (the count, twenty rows and the pages' links) inside a
frame: the layout, the filter form with the reader's choices, and the links to the
list's feed and CSV. The frame is the same on every page of one list, and rendering it
was a fifth of an uncached page (5.8 ms to 4.7 ms). So it is rendered once for each
list (its URL less the page number) and kept in Django's cache, split where the
results go; every page of that list renders only its results and joins the three.

The key holds the register's version, as the page cache's does: a signing that changes
the register (or the years and boards the filters offer) reads new keys, and so does a
deploy (release.py). Like the page cache, frames are made and read only for readers
without a session.
"""

import secrets

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from decisions import release
from decisions.public.finding import per_register_version

RESULTS_TEMPLATE = "decisions/_partials/decision_results.html"
# Where the results go while the frame is made. Random for each process, so no text a
# reader can put in the URL (and so in the page) can stand where it is looked for.
_HOLE = f"<!--results-{secrets.token_hex(16)}-->"


def render_in_frame(request, template_names, context, *, list_query: str) -> HttpResponse:
    """The page: `template_names` rendered once per list as the frame, with this page's
    results rendered into it. `list_query` is the URL's query less the page number."""
    results = render_to_string(RESULTS_TEMPLATE, context, request)
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        # Someone signed in: rendered whole and not kept, as the page cache does, so
        # nothing a page might one day show its user can reach a reader's frame.
        return HttpResponse(
            render_to_string(template_names, {**context, "results": results}, request)
        )
    before, after = _frame(request, template_names, context, list_query)
    return HttpResponse(before + results + after)


def _frame(request, template_names, context, list_query) -> tuple[str, str]:
    names = template_names if isinstance(template_names, str) else ",".join(template_names)
    where = f"{request.get_host()}\n{request.path}\n{list_query}"
    key = f"frame\n{release.fingerprint()}\n{names}\n{where}"

    def render():
        hole = mark_safe(_HOLE)  # noqa: S308 - our own comment, no one else's text
        page = render_to_string(template_names, {**context, "results": hole}, request)
        before, _, after = page.partition(_HOLE)
        return before, after

    return per_register_version(key, render)

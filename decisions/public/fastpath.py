"""Middlewares that answer the register's hottest requests early, like static files.

They sit just after WhiteNoise, before sessions, authentication, CSRF and the
CSP middleware, because for these requests none of that can change the answer:

- PublishedPdfMiddleware hands /decisions/<slug>.pdf (the URL named decisions:pdf) to
  its view at once: that view reads a file named by the slug, not the database.
- MadePageMiddleware serves a notice's page as it was made when the notice was
  published (decisions/made_pages.py): a file named by the slug, no database.
- PublicPageCacheMiddleware serves a cached copy of an anonymous register page, with
  every header the full stack gave it, from Django's cache under a prefix holding
  the register's version (one indexed query), so a signing makes every cached page
  stale the moment it commits, and this release's fingerprint, so a deploy does too.
"""

import re

from django.conf import settings
from django.core.cache import caches
from django.urls import Resolver404, resolve
from django.utils.cache import get_cache_key, has_vary_header, learn_cache_key

from decisions import made_pages, release
from decisions.models import RegisterVersion
from decisions.public.listing import CACHE_SECONDS

# The register, archives, notices, the feed and per-decision JSON: pages that change
# only when a decision is signed, amended or withdrawn (or a shown record is edited).
_CACHEABLE = re.compile(r"^/decisions/(?:[-a-zA-Z0-9_]+/|feed/)?$|^/api/decisions/[-\w]+\.json$")


class PublishedPdfMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if request.method in ("GET", "HEAD") and path.endswith(".pdf"):
            match = _resolved(path)
            if match is not None and match.view_name == "decisions:pdf":
                return match.func(request, *match.args, **match.kwargs)
        return self.get_response(request)


class MadePageMiddleware:
    """/decisions/<slug>/, for a reader with no session and no query, from its made page."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and self.session_cookie not in request.COOKIES  # staff see the live site
            and not request.META.get(made_pages.MAKING)
        ):
            match = _resolved(request.path_info)
            is_notice = match is not None and match.view_name == "decisions:detail"
            if is_notice and (page := made_pages.served(match.kwargs["slug"])) is not None:
                return page
        return self.get_response(request)


def _resolved(path):
    try:
        return resolve(path)
    except Resolver404:
        return None


class PublicPageCacheMiddleware:
    """Anonymous register pages from Django's cache: keys and Vary by Django's own cache
    utilities (so by host and URL too), under a prefix holding the register's version,
    bumped in every signing's transaction. So no reader sees a register older than the
    last signing, and staff, who have a session, always see the live site."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        with RegisterVersion.held_for_request() as version:
            return self._answer(request, prefix=f"register-{release.fingerprint()}-{version}")

    def _answer(self, request, prefix):
        cache = caches[settings.CACHE_MIDDLEWARE_ALIAS]
        key = get_cache_key(request, prefix, request.method, cache=cache)
        if key is not None and (hit := cache.get(key)) is not None:
            return hit
        response = self.get_response(request)
        if self._cacheable_response(response):
            # One piece of bytes, not the thousands of small writes a feed is built of:
            # each would cost a pickle entry and a write to the socket at every hit.
            response.content = response.content
            key = learn_cache_key(request, response, CACHE_SECONDS, prefix, cache=cache)
            cache.set(key, response, CACHE_SECONDS)
        return response

    def _cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and self.session_cookie not in request.COOKIES  # staff see the live site
            and not request.META.get(made_pages.MAKING)  # a page being made: afresh
            and _CACHEABLE.match(request.path_info) is not None
        )

    @staticmethod
    def _cacheable_response(response):
        return (
            response.status_code in (200, 404)
            and not response.streaming
            and not response.cookies
            and not has_vary_header(response, "Cookie")
        )

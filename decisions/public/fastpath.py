"""Two middlewares that answer the register's hottest requests early, like static files.

They sit just after WhiteNoise, before sessions, authentication, CSRF and the
CSP middleware, because for these requests none of that can change the answer:

- PublishedPdfMiddleware hands /decisions/<slug>.pdf (the URL named decisions:pdf) to
  its view at once: that view reads a file named by the slug, not the database.
- PublicPageCacheMiddleware serves a cached copy of an anonymous register page, with
  every header the full stack gave it, keyed by the register's version (one indexed
  query), so a signing makes every cached page stale the moment it commits.
"""

import hashlib
import re

from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve

from decisions.models import RegisterVersion

# The register, archives, notices, the feed and per-decision JSON: pages that change
# only when a decision is signed, amended or withdrawn (or a shown record is edited).
_CACHEABLE = re.compile(r"^/decisions/(?:[-a-zA-Z0-9_]+/|feed/)?$|^/api/decisions/[-\w]+\.json$")
CACHE_SECONDS = 24 * 3600


class PublishedPdfMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if request.method in ("GET", "HEAD") and path.endswith(".pdf"):
            try:
                match = resolve(path)
            except Resolver404:
                match = None
            if match is not None and match.view_name == "decisions:pdf":
                return match.func(request, *match.args, **match.kwargs)
        return self.get_response(request)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        from django.conf import settings

        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        cache = caches["default"]
        # Keyed by host (checked against ALLOWED_HOSTS: another host is a 400 here) and
        # the whole URL, hashed: a page holds its own address, and a reader's URL can be
        # any length and hold any bytes.
        address = f"{request.get_host()}{request.get_full_path()}"
        path = hashlib.sha256(address.encode()).hexdigest()
        key = f"public-page:{RegisterVersion.current()}:{request.method}:{path}"
        hit = cache.get(key)
        if hit is not None:
            status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if self._cacheable_response(response):
            headers = list(response.items())
            cache.set(key, (response.status_code, headers, response.content), CACHE_SECONDS)
        return response

    def _cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and self.session_cookie not in request.COOKIES  # staff see the live site
            and _CACHEABLE.match(request.path_info) is not None
        )

    @staticmethod
    def _cacheable_response(response):
        return (
            response.status_code in (200, 404)
            and not response.streaming
            and not response.cookies
            and "Cookie" not in response.get("Vary", "")
        )

"""A signed notice's page, made once and served like its PDF (issue 16).

A notice page changes only when its notice does: a version is published (signing, an
amendment, a withdrawal: its PDF is stored), or a later decision that cites it is. At
each of those moments (publishing.py) the page is made through the whole stack, headers
and all, as an anonymous reader would be answered, and stored under MEDIA_ROOT; the fast
path (fastpath.MadePageMiddleware) then serves those bytes with no database at all.

A page not made yet is answered by its view, as before. So is every page made before
the code, templates, static files or office settings changed: the folder is named by a
fingerprint of them, so a deploy never serves an old layout. `python manage.py
make_pages` makes them all again (after a deploy) and removes the old folders.
"""

import hashlib
import io
import json
import os
import shutil
import sys
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import HttpResponse
from django.urls import reverse

# Set on the request that makes a page, so that neither the stored page nor the page
# cache answers it.
MAKING = "pccdecisions.making_page"
# What is not the page's: the time it was made, and anything about a session.
_NOT_KEPT = {"date", "set-cookie"}
_SETTINGS = ("OFFICE_NAME", "OFFICE_SHORT_NAME", "OFFICE_ORGANISATION", "DECISION_MAKER",
             "DECISION_MAKER_TITLE", "OFFICE_EMAIL", "OFFICE_PHONE", "SITE_URL")  # fmt: skip


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What a page's bytes depend on besides its records: the code and templates that
    draw it, the static files it links to, and the office's words."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder, pattern in (("decisions", "*.py"), ("decisions", "*.html"), ("templates", "*")):
        for path in sorted((base / folder).rglob(pattern)):
            if path.is_file() and "migrations" not in path.parts:
                digest.update(path.relative_to(base).as_posix().encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    if settings.STATIC_ROOT and manifest.is_file():
        digest.update(manifest.read_bytes())
    for name in _SETTINGS:
        digest.update(f"{name}={getattr(settings, name, '')}".encode())
    return digest.hexdigest()[:16]


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "notices" / "pages"


def _path(slug: str) -> Path:
    return _folder() / fingerprint() / f"{slug}.page"


@lru_cache(maxsize=1)
def _handler() -> WSGIHandler:
    return WSGIHandler()


def anonymous_request(path: str) -> WSGIRequest:
    """A GET of `path` as an anonymous reader makes it of the site's own address
    (SITE_URL), for what is made ahead of readers outside any request."""
    site = urlsplit(settings.SITE_URL)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": site.hostname,
        "SERVER_PORT": str(site.port or (443 if site.scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": site.netloc,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": site.scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        MAKING: True,
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and site.scheme == "https":
        environ[proxy_header[0]] = proxy_header[1]
    return WSGIRequest(environ)


def anonymous_answer(path: str) -> HttpResponse:
    """The app's answer to an anonymous reader's GET of `path`, through the whole stack,
    never from a stored page or the page cache."""
    return _handler().get_response(anonymous_request(path))


def make(slug: str) -> bool:
    """Make and store one notice's page; False (and nothing stored) if it is not a
    published notice's page."""
    path = _path(slug)
    response = anonymous_answer(reverse("decisions:detail", args=[slug]))
    if response.status_code != 200 or response.streaming:
        path.unlink(missing_ok=True)
        return False
    headers = {k: v for k, v in response.items() if k.lower() not in _NOT_KEPT}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(json.dumps(headers).encode() + b"\n" + response.content)
    os.replace(temporary, path)  # a reader gets the old page or the new, never half
    return True


def make_for(decision) -> None:
    """After a decision's latest version is published: its page, and the pages of the
    decisions it cites (each lists it among its later decisions)."""
    make(decision.slug)
    for link in decision.links_out.exclude(to_decision=None).select_related("to_decision"):
        if link.to_decision.slug:
            make(link.to_decision.slug)


def served(slug: str) -> HttpResponse | None:
    """The stored page, as it was answered when made; None if there is none."""
    try:
        with open(_path(slug), "rb") as stored:
            headers = json.loads(stored.readline())
            return HttpResponse(stored.read(), headers=headers)
    except FileNotFoundError:
        return None


def remove_old() -> int:
    """Remove the folders of pages made under another fingerprint."""
    removed = 0
    if _folder().is_dir():
        for folder in _folder().iterdir():
            if folder.is_dir() and folder.name != fingerprint():
                shutil.rmtree(folder)
                removed += 1
    return removed

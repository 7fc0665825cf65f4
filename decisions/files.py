"""Serving a stored file: the one way every download leaves the site, public or staff.

A stored file is sent as a download with one set of headers (nosniff, and a CSP
that sandboxes it), never opened or run as a page of the site. With SERVE_FILES
set, the web server sends the bytes instead: "x-accel-redirect" (nginx, under the
internal location SERVE_FILES_PREFIX) or "x-sendfile" (Apache's mod_xsendfile, and
others); see the README.
"""

from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {".pdf": "application/pdf", ".csv": "text/csv; charset=utf-8"}
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


def file_headers(response, filename: str, *, inline: bool):
    # Django quotes the name (and adds filename* for non-ASCII): a staff-typed file
    # name can never break the header.
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    for name, value in FILE_HEADERS.items():
        response[name] = value
    return response


def serve_media(name: str, filename: str, *, inline: bool = False):
    """The file stored under `name` (relative to MEDIA_ROOT) as a download."""
    content_type = CONTENT_TYPES.get(PurePath(filename).suffix, "application/octet-stream")
    if settings.SERVE_FILES == "django":
        try:
            response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404("This document is not available.") from None
    else:
        if not default_storage.exists(name):
            raise Http404("This document is not available.")
        response = HttpResponse(content_type=content_type)
        if settings.SERVE_FILES == "x-accel-redirect":
            response["X-Accel-Redirect"] = settings.SERVE_FILES_PREFIX + quote(name)
        else:
            response["X-Sendfile"] = default_storage.path(name)
    return file_headers(response, filename, inline=inline)


def serve_stored_file(stored_file, filename: str, *, inline: bool = False):
    """A FileField's file as a download."""
    return serve_media(stored_file.name, filename, inline=inline)

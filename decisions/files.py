"""Serving a stored file: the one way every download leaves the site, public or staff.

A stored file is sent as a download with one set of headers (nosniff, and a CSP
that sandboxes it), never opened or run as a page of the site.
"""

from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header

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


def serve_stored_file(stored_file, filename: str, *, inline: bool = False):
    """A stored file (a FieldFile) as a download: streamed, never read into memory."""
    try:
        handle = stored_file.open("rb")
    except FileNotFoundError:
        raise Http404("This document is not available.") from None
    content_type = "application/pdf" if filename.endswith(".pdf") else None
    return file_headers(FileResponse(handle, content_type=content_type), filename, inline=inline)

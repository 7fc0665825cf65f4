"""Annexes, background papers and stored PDFs, downloaded as files: never run.

A document is public only while its decision is: once signed, or as a paper of a
published public meeting's agenda. Staff who may view a decision's documents can
download them at any stage (the admin links to /media/...). Anything else does
not exist here (404).
"""

from pathlib import PurePath

from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from decisions.models import Annex, BackgroundPaper, Decision, NoticeDocument
from decisions.public.meetings import public_items

KINDS = {"annex": Annex, "paper": BackgroundPaper}
# Every stored file the site serves gets these, whichever door it leaves by.
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


def file_headers(response, filename: str, *, inline: bool):
    # Django quotes the name (and adds filename* for non-ASCII): a staff-typed
    # file name can never break the header.
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    for name, value in FILE_HEADERS.items():
        response[name] = value
    return response


def serve_stored_file(stored_file, filename: str, *, inline: bool = False):
    """A stored file as a download: opened, never read into memory, never executed."""
    try:
        handle = stored_file.open("rb")
    except FileNotFoundError:
        raise Http404("This document is not available.") from None
    content_type = "application/pdf" if filename.endswith(".pdf") else None
    response = FileResponse(handle, content_type=content_type)
    return file_headers(response, filename, inline=inline)


def public_decisions():
    """Decisions whose documents the public may download."""
    on_public_agenda = Exists(public_items().filter(decision=OuterRef("pk")))
    return Decision.objects.filter(
        Q(pk__in=Decision.objects.published().values("pk")) | on_public_agenda
    )


def download(request, kind, pk):
    model = KINDS.get(kind)
    if model is None:
        raise Http404("No such document.")
    document = get_object_or_404(
        model.objects.filter(decision__in=public_decisions()).exclude(file=""), pk=pk
    )
    return _serve_upload(document, f"{kind}-{pk}")


def media_file(request, name):
    """/media/<name>: the stored file behind a document, for whoever may see that document."""
    for model in (Annex, BackgroundPaper):
        document = model.objects.filter(file=name).select_related("decision").first()
        if document is None:
            continue
        opts = model._meta
        staff = request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        if staff or public_decisions().filter(pk=document.decision_id).exists():
            return _serve_upload(document, "document")
        raise Http404("No such document.")
    notice = NoticeDocument.objects.filter(
        file=name, decision__in=Decision.objects.published()
    ).first()
    if notice is None:
        raise Http404("No such document.")
    return serve_stored_file(notice.file, PurePath(name).name)


def _serve_upload(document, fallback_name):
    stem = PurePath(document.original_filename).stem or fallback_name
    return serve_stored_file(document.file, f"{stem}{PurePath(document.file.name).suffix}")

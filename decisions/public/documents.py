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

from decisions.models import Annex, BackgroundPaper, Decision, NoticeDocument
from decisions.public.meetings import public_items

KINDS = {"annex": Annex, "paper": BackgroundPaper}


def public_decisions():
    """Decisions whose documents the public may download."""
    on_public_agenda = Exists(public_items().filter(decision=OuterRef("pk")))
    return Decision.objects.filter(Q(status__in=("signed", "withdrawn")) | on_public_agenda)


def download(request, kind, pk):
    model = KINDS.get(kind)
    if model is None:
        raise Http404("No such document.")
    document = get_object_or_404(
        model.objects.filter(decision__in=public_decisions()).exclude(file=""), pk=pk
    )
    return _serve(document.file, PurePath(document.original_filename).stem or f"{kind}-{pk}")


def media_file(request, name):
    """/media/<name>: the stored file behind a document, for whoever may see that document."""
    for model in (Annex, BackgroundPaper):
        document = model.objects.filter(file=name).select_related("decision").first()
        if document is None:
            continue
        opts = model._meta
        staff = request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        if staff or public_decisions().filter(pk=document.decision_id).exists():
            return _serve(document.file, PurePath(document.original_filename).stem or "document")
        raise Http404("No such document.")
    notice = NoticeDocument.objects.filter(
        file=name, decision__status__in=("signed", "withdrawn")
    ).first()
    if notice is None:
        raise Http404("No such document.")
    return _serve(notice.file, PurePath(name).stem)


def _serve(stored_file, name):
    try:
        handle = stored_file.open("rb")
    except FileNotFoundError:
        raise Http404("This document is not available.") from None
    suffix = PurePath(stored_file.name).suffix
    response = FileResponse(handle, as_attachment=True, filename=f"{name}{suffix}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

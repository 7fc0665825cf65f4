"""Annexes and background papers, downloaded as files: never shown inline, never run.

A document is public only while its decision is: once signed, or as a paper of a
published public meeting's agenda. Anything else does not exist here (404).
"""

from pathlib import PurePath

from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from decisions.models import Annex, BackgroundPaper, Decision
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
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("This document is not available.") from None
    suffix = PurePath(document.file.name).suffix
    name = PurePath(document.original_filename).stem or f"{kind}-{pk}"
    response = FileResponse(handle, as_attachment=True, filename=f"{name}{suffix}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

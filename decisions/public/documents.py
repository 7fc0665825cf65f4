"""Annexes and background papers, downloaded as files: never run.

A document is public only while its decision is: once signed, or as a paper of a
published public meeting's agenda (Annex.objects.public()). Anything else does not
exist here (404). Staff download through the admin (decisions/admin/files.py).
"""

from pathlib import PurePath

from django.http import Http404
from django.shortcuts import get_object_or_404

from decisions.files import serve_stored_file
from decisions.models import Annex, BackgroundPaper

KINDS = {"annex": Annex, "paper": BackgroundPaper}


def download(request, kind, pk):
    model = KINDS.get(kind)
    if model is None:
        raise Http404("No such document.")
    document = get_object_or_404(model.objects.public().exclude(file=""), pk=pk)
    stem = PurePath(document.original_filename).stem or f"{kind}-{pk}"
    return serve_stored_file(document.file, f"{stem}{PurePath(document.file.name).suffix}")

"""What staff may upload as an annex or background paper, checked by content.

The extension alone proves nothing: a file named report.pdf that holds HTML
would run as a web page in a reader's browser if it were served as one.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

_ZIP = b"PK\x03\x04"
# Extension -> the bytes a real file of that kind starts with.
_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (_ZIP,),
    ".xlsx": (_ZIP,),
    ".pptx": (_ZIP,),
    ".odt": (_ZIP,),
    ".ods": (_ZIP,),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
}
_TEXT_EXTENSIONS = {".csv", ".txt"}
ALLOWED_EXTENSIONS = sorted(set(_SIGNATURES) | _TEXT_EXTENSIONS)
_MARKUP_HINTS = (b"<html", b"<script", b"<!doctype", b"<svg", b"<iframe", b"<body")


def validate_document(upload) -> None:
    if getattr(upload, "_committed", False):
        return  # already stored, so it was checked when it was uploaded
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            "“%(name)s” is not a file type the register publishes. Upload one of: %(types)s.",
            params={"name": name, "types": ", ".join(ALLOWED_EXTENSIONS)},
            code="file_type",
        )
    limit = settings.ANNEX_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            "“%(name)s” is %(size)s; the largest file allowed is %(limit)s.",
            params={
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            code="file_size",
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if suffix in _TEXT_EXTENSIONS:
        looks_right = _is_plain_text(head)
    else:
        looks_right = head.startswith(_SIGNATURES[suffix])
    if not looks_right:
        raise ValidationError(
            "“%(name)s” is named as a %(kind)s file but its contents are not one. "
            "Save it again as a real %(kind)s file and upload that.",
            params={"name": name, "kind": suffix.lstrip(".").upper()},
            code="file_content",
        )


def _is_plain_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    lowered = head.lower()
    return not any(hint in lowered for hint in _MARKUP_HINTS)

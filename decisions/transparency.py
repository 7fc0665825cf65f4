"""The register's public, append-only log: a hash chain of every publication.

Each entry holds the SHA-256 of the PDF published and of the signed content, and
the hash of the entry before it, so removing, changing or reordering any entry
breaks every hash after it. /transparency/ explains it in words; RECIPE is the
same, for programs.
"""

import datetime
import hashlib

from django.utils import timezone

from decisions.models import LogEntry
from decisions.notices import canonical_json

GENESIS = "0" * 64
RECIPE = (
    "entry_hash is the SHA-256 (hex) of the UTF-8 JSON object of the hashed fields, with "
    "keys sorted, no spaces (separators ',' and ':') and non-ASCII characters written as "
    "they are. The first entry's previous_hash is 64 zeros; every other entry's is the "
    "entry_hash of the one before. head.signature signs head.entry_hash (UTF-8) with the "
    "key of the certificate at head.certificate_url."
)
HASHED_FIELDS = (
    "sequence",
    "at",
    "reference",
    "slug",
    "version",
    "event",
    "pdf_sha256",
    "content_sha256",
    "previous_hash",
)


def entry_hash(fields: dict) -> str:
    return hashlib.sha256(
        canonical_json({name: fields[name] for name in HASHED_FIELDS})
    ).hexdigest()


def hashed_fields(entry: LogEntry) -> dict:
    return {
        "sequence": entry.sequence,
        "at": entry.at.astimezone(datetime.UTC).isoformat(),
        "reference": entry.reference,
        "slug": entry.slug,
        "version": entry.version_number,
        "event": entry.event,
        "pdf_sha256": entry.pdf_sha256,
        "content_sha256": entry.content_sha256,
        "previous_hash": entry.previous_hash,
    }


def append(version, document) -> LogEntry:
    """Add a publication to the end of the chain. Call holding the publication lock."""
    last = LogEntry.objects.order_by("-sequence").first()
    decision = version.decision
    entry = LogEntry(
        sequence=last.sequence + 1 if last else 1,
        at=timezone.now(),
        reference=decision.reference,
        slug=decision.slug,
        version_number=version.number,
        event=version.event,
        pdf_sha256=document.sha256,
        content_sha256=version.content_sha256,
        previous_hash=last.entry_hash if last else GENESIS,
        version=version,
    )
    entry.entry_hash = entry_hash(hashed_fields(entry))
    entry.save()
    return entry

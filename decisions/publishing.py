"""Publication: each signed version of a notice is frozen, then rendered, signed,
stored and logged.

Signing (decisions.workflow) calls ``record_version`` inside its own transaction:
that copies everything the notice shows into a NoticeVersion and queues its PDF.
``publish`` makes the PDF in the background worker once the signing has committed,
so rendering a long notice never holds the number counter or any other signing.
"""

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import Signal

from decisions import (
    made_pages,
    office_key,
    pdf,
    register_rows,
    static_export,
    tasks,
    transparency,
)
from decisions.markup import plain_text
from decisions.models import (
    Decision,
    NoticeDocument,
    NoticeVersion,
    RegisterVersion,
    VersionEvent,
)
from decisions.notices import Notice, sha256_of

log = logging.getLogger("decisions.publishing")

EARLIER_REGISTER = "Original signed notice, from the office's earlier register"
REASONS = {
    VersionEvent.SIGNED: "Signed",
    VersionEvent.AMENDED: "Amendment signed",
    VersionEvent.WITHDRAWN: "Withdrawal signed",
    VersionEvent.RELEASED: "Release of a confidential part signed",
}


def current_notice(decision) -> Notice:
    """The notice as last signed (with every change since): what the public reads."""
    return Notice.from_json(decision.versions.latest().content)


def record_version(
    decision, *, notice: Notice, event, at, change_note="", amendment=None, original_pdf=None
):
    """Freeze this version of the notice (exactly the value the signer saw, with its
    signature) and queue its PDF. Call inside the signing's transaction.

    `original_pdf` is the signed PDF of a decision from the office's earlier register:
    it is stored as this version's PDF, unchanged, instead of drawing one."""
    previous = decision.versions.order_by("-number").first()
    content = notice.to_json()
    version = NoticeVersion.objects.create(
        decision=decision,
        number=previous.number + 1 if previous else 1,
        event=event,
        at=at,
        change_note=change_note,
        amendment=amendment,
        content=content,
        content_sha256=sha256_of(content),
    )
    if previous is not None and notice.changes:
        _add_to_search(decision, notice.changes[-1])
    if original_pdf is not None:
        _store(version, original_pdf, f"{EARLIER_REGISTER}: {decision.reference}")
        return version
    # Queued in the same transaction: a signing that rolls back queues nothing, and
    # one that commits is never left without its PDF or its readers' alerts.
    tasks.publish_version.enqueue(version.pk)
    if not decision.from_earlier_register:  # an imported decision is not news
        tasks.fan_out_alerts.enqueue(version.pk)
    return version


def _add_to_search(decision, change) -> None:
    """A later version's words (an amendment, a withdrawal's reason, a released part) are
    found by search as the notice's own are. They are added, not swapped in: the notice as
    first signed stays on the page above its changes, and an earlier register's record
    keeps the words read from its PDF."""
    words = (decision.search_document, change.change_note, plain_text(change.body))
    document = "\n".join(filter(None, words))
    Decision.objects.filter(pk=decision.pk).update(**decision.search_columns(document))
    decision.search_document = document


def publish(version_id: int) -> NoticeDocument:
    """Render, sign and store the PDF of one version, and log its publication."""
    version = NoticeVersion.objects.select_related("decision").get(pk=version_id)
    if stored := NoticeDocument.objects.filter(version=version).first():
        return stored  # already published (a retry, or a second worker)
    decision = version.decision
    reason = f"{REASONS[version.event]}: {decision.reference}"
    data = office_key.sign_pdf(
        pdf.render_notice_pdf(Notice.from_json(version.content)),
        signing_time=version.at,
        reason=reason,
    )
    return _store(version, data, reason)


def _store(version, data: bytes, reason: str) -> NoticeDocument:
    """Store a version's PDF, log its publication, and serve it once committed."""
    decision = version.decision
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        # One publication at a time appends to the log (the register's version row is
        # the lock); rendering, before this, held nothing.
        list(RegisterVersion.objects.select_for_update().filter(pk=1))
        if stored := NoticeDocument.objects.filter(version=version).first():
            return stored
        document = NoticeDocument(
            decision=decision, version=version, sha256=digest, size=len(data), reason=reason[:200]
        )
        document.file.save(f"{decision.slug}-v{version.number}.pdf", ContentFile(data), save=False)
        document.save()
        transparency.append(version, document)
        RegisterVersion.bump()
        if not decision.versions.filter(number__gt=version.number).exists():
            transaction.on_commit(lambda: _serve(decision, data))
    log.info("published %s version %s (sha256 %s)", decision.reference, version.number, digest)
    return document


# Sent once a signed decision's latest version is published and served, outside any
# transaction: the public side makes ready what its first readers will ask for.
served = Signal()


def _serve(decision, data: bytes) -> None:
    """Once a latest version is stored: its PDF's served copy, then its page, and those
    of the decisions it cites, made once (decisions/made_pages.py), its row in the
    register's lists, the static export where one is kept, and, through `served`, the
    lists the public side makes ready."""
    pdf.publish_current_pdf(decision.slug, data)
    made_pages.make_for(decision)
    register_rows.make_row(decision)
    # An import of an earlier register publishes thousands at once: what follows is
    # for one publication at a time (after an import, export afresh).
    if decision.from_earlier_register:
        return
    if settings.STATIC_EXPORT_DIR:
        static_export.refresh_for(decision)
    served.send(sender=Decision, decision=decision)


def unpublished_versions():
    """Versions whose PDF is not stored yet: queued, or lost by a worker that died."""
    return NoticeVersion.objects.filter(document__isnull=True).order_by("at", "pk")

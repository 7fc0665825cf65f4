"""Checking a register from outside, as anyone can: its log, its PDFs, its signatures.

Everything here works from what a register serves over HTTP (see /transparency/),
never from its database, so it checks this register or any other running it.
"""

import hashlib
import io
import json
import random
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from decisions import office_key
from decisions.notices import canonical_json
from decisions.transparency import GENESIS, HASHED_FIELDS, entry_hash


class VerificationFailed(Exception):
    """The first thing that did not check out, in words."""


@dataclass
class Report:
    entries: int = 0
    pdfs_checked: int = 0
    notes: list[str] = field(default_factory=list)


def fetch(url: str) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise VerificationFailed(f"{url} is not an http or https address.")
    agent = {"User-Agent": "pccdecisions verify_register"}
    request = urllib.request.Request(url, headers=agent)  # noqa: S310 - http(s), checked above
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as error:
        raise VerificationFailed(f"{url} answered HTTP {error.code}.") from None
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise VerificationFailed(f"{url} could not be fetched: {error}.") from None


def fetch_json(url: str):
    try:
        return json.loads(fetch(url))
    except json.JSONDecodeError:
        raise VerificationFailed(f"{url} is not JSON.") from None


def read_log(base: str) -> tuple[list[dict], dict | None, int]:
    """Every entry of the log, oldest first, with the head and count from its first page."""
    url, entries, head, count = f"{base}/transparency/log.json", [], None, None
    while url:
        page = fetch_json(url)
        if count is None:
            head, count = page.get("head"), page.get("count")
        entries += page.get("entries", [])
        url = f"{base}{page['next']}" if page.get("next") else None
    return entries, head, count or 0


def _name(entry: dict, position: int) -> str:
    return f"Entry {position} ({entry.get('reference')}, version {entry.get('version')})"


def check_chain(entries: list[dict], head: dict | None, count: int) -> None:
    if len(entries) != count:
        raise VerificationFailed(f"The log says it has {count} entries but serves {len(entries)}.")
    previous = GENESIS
    for position, entry in enumerate(entries, start=1):
        name = _name(entry, position)
        if entry.get("sequence") != position:
            raise VerificationFailed(
                f"{name}: its sequence number is {entry.get('sequence')}, not {position}. An "
                "entry before it is missing, or entries are out of order."
            )
        if any(key not in entry for key in HASHED_FIELDS):
            raise VerificationFailed(f"{name} lacks some of the hashed fields.")
        if entry["previous_hash"] != previous:
            raise VerificationFailed(
                f"{name}: its previous_hash does not match the entry before it. An entry was "
                "removed, added or reordered."
            )
        if entry_hash(entry) != entry.get("entry_hash"):
            raise VerificationFailed(
                f"{name}: its fields do not give its entry_hash. It was changed after it was "
                "logged."
            )
        previous = entry["entry_hash"]
    if entries and (head is None or head.get("entry_hash") != previous):
        raise VerificationFailed(
            "The signed head of the log is not its last entry: the log was cut short or "
            "extended without the office's signature."
        )


def check_head_signature(head: dict | None, certificate_pem: str) -> None:
    if head is None:
        return
    if not office_key.verify_text(head["entry_hash"], head, certificate_pem):
        raise VerificationFailed(
            "The signature on the log's latest entry is not the office's: the log may not be "
            "the one the office published."
        )


def check_pdf(data: bytes, entry: dict, position: int, certificate_pem: str) -> None:
    name = _name(entry, position)
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["pdf_sha256"]:
        raise VerificationFailed(
            f"{name}: the PDF at {entry['pdf_url']} has SHA-256 {digest}, but the log says "
            f"{entry['pdf_sha256']}. The file is not the one published."
        )
    problem = pdf_signature_problem(data, certificate_pem)
    if problem:
        raise VerificationFailed(f"{name}: {problem}")


def pdf_signature_problem(data: bytes, certificate_pem: str) -> str | None:
    """Why this PDF's digital signature does not hold, or None if it does."""
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, _, der = pem.unarmor(certificate_pem.encode())
    certificate = x509.Certificate.load(der)
    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as error:  # noqa: BLE001 - any unreadable PDF is a failure to report
        return f"the PDF cannot be read ({error})."
    if len(signatures) != 1:
        return f"the PDF carries {len(signatures)} signatures, not the office's one."
    context = ValidationContext(trust_roots=[certificate], allow_fetching=False)
    status = office_key.outside_event_loop(lambda: validate_pdf_signature(signatures[0], context))
    if not (status.intact and status.valid):
        return "its digital signature does not match its contents."
    if status.coverage.name != "ENTIRE_FILE":
        return "its digital signature does not cover the whole file."
    if status.signing_cert.dump() != certificate.dump():
        return "it was signed with a key other than the office's."
    return None


def verify(base: str, *, sample: int | None = None, certificate_pem: str | None = None) -> Report:
    """Check the register at `base`; raise VerificationFailed at the first problem."""
    base = base.rstrip("/")
    entries, head, count = read_log(base)
    check_chain(entries, head, count)
    if certificate_pem is None:
        certificate_pem = fetch(f"{base}{head['certificate_url']}").decode() if head else ""
    check_head_signature(head, certificate_pem)
    report = Report(entries=len(entries))
    chosen = list(enumerate(entries, start=1))
    if sample is not None and sample < len(chosen):
        chosen = sorted(random.sample(chosen, sample))  # noqa: S311 - a sample, not a secret
    for position, entry in chosen:
        check_pdf(fetch(f"{base}{entry['pdf_url']}"), entry, position, certificate_pem)
        content = fetch(f"{base}{entry['content_url']}")
        digest = hashlib.sha256(content).hexdigest()
        if digest != entry["content_sha256"]:
            raise VerificationFailed(
                f"{_name(entry, position)}: what was signed ({entry['content_url']}) has "
                f"SHA-256 {digest}, but the log says {entry['content_sha256']}."
            )
        if canonical_json(json.loads(content)) != content:
            report.notes.append(f"{_name(entry, position)}: content not in canonical form.")
        report.pdfs_checked += 1
    return report

"""The office's signing key: a PAdES signature on every stored notice PDF, and the
signature over the transparency log's latest entry.

The key and its certificate are PEM files named by settings (SIGNING_KEY_FILE,
SIGNING_CERTIFICATE_FILE). `make run` makes a development pair on first start,
named as untrusted; an office in production uses its own, issued by a CA that
readers' PDF software trusts.
"""

import asyncio
import base64
import datetime
import io
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings

DEVELOPMENT_NAME = "pccdecisions DEVELOPMENT signing key - NOT TRUSTED"


class SigningKeyMissing(Exception):
    pass


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise SigningKeyMissing(
            f"The office's {what} ({path}) cannot be read: {error.strerror}. Set "
            "SIGNING_KEY_FILE and SIGNING_CERTIFICATE_FILE, or run "
            "`python manage.py make_signing_key` for a development pair."
        ) from None


@lru_cache(maxsize=4)
def _loaded(key_path: str, certificate_path: str, password: str):
    secret = password.encode() if password else None
    key = serialization.load_pem_private_key(_read(key_path, "signing key"), secret)
    certificate = x509.load_pem_x509_certificate(_read(certificate_path, "certificate"))
    return key, certificate


def _key_and_certificate():
    return _loaded(
        str(settings.SIGNING_KEY_FILE),
        str(settings.SIGNING_CERTIFICATE_FILE),
        settings.SIGNING_KEY_PASSWORD,
    )


def certificate_pem() -> str:
    _, certificate = _key_and_certificate()
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


# --- The transparency log's head -----------------------------------------------------


def sign_text(text: str) -> dict:
    """A detached signature over `text`, for anyone to check with the certificate."""
    key, _ = _key_and_certificate()
    data = text.encode()
    if isinstance(key, rsa.RSAPrivateKey):
        algorithm = "rsa-pkcs1v15-sha256"
        signature = key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    else:
        algorithm = "ecdsa-sha256"
        signature = key.sign(data, ec.ECDSA(hashes.SHA256()))
    return {"algorithm": algorithm, "signature": base64.b64encode(signature).decode()}


def verify_text(text: str, signed: dict, certificate_pem_text: str) -> bool:
    """True if `signed` (from sign_text) is this certificate's key's signature over `text`."""
    from cryptography.exceptions import InvalidSignature

    public_key = x509.load_pem_x509_certificate(certificate_pem_text.encode()).public_key()
    signature = base64.b64decode(signed.get("signature", ""), validate=False)
    try:
        if signed.get("algorithm") == "rsa-pkcs1v15-sha256":
            public_key.verify(signature, text.encode(), padding.PKCS1v15(), hashes.SHA256())
        elif signed.get("algorithm") == "ecdsa-sha256":
            public_key.verify(signature, text.encode(), ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except (InvalidSignature, TypeError, ValueError):
        return False
    return True


# --- PAdES ---------------------------------------------------------------------------


def outside_event_loop(work):
    """pyHanko runs its own asyncio loop, which fails inside a running one (an async
    caller, or Playwright's in the browser tests): there, run it on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


@lru_cache(maxsize=4)
def _pyhanko_signer(key_path: str, certificate_path: str, password: str):
    """pyHanko's signer for the office key, made once: loading an RSA key checks it, which
    costs more than the signature itself, and pyHanko would reload it for every PDF."""
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash

    key, _ = _loaded(key_path, certificate_path, password)

    class OfficeSigner(signers.SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if mechanism.signature_algo == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
                return key.sign(
                    data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
                )
            return super().sign_raw(data, digest_algorithm)

    secret = password.encode() if password else None
    return OfficeSigner(
        signing_cert=load_cert_from_pemder(certificate_path),
        signing_key=load_private_key_from_pemder(key_path, secret),
        cert_registry=None,
    )


# The room a signature takes in the PDF, by key, certificate and time-stamping server.
# pyHanko finds it by making a whole signature first, as a dry run (with a stand-in
# time-stamp); that depends on nothing else, so each process does it once.
_SIGNATURE_ROOM: dict[tuple[str, str, str], int] = {}


def sign_pdf(data: bytes, *, signing_time: datetime.datetime, reason: str) -> bytes:
    """The PDF with the office's PAdES signature (B-B; B-T when SIGNING_TIMESTAMP_URL is
    set) over the whole file, dated when the Commissioner signed."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    class SignedAt(signers.PdfSigner):
        # pyHanko dates a signature "now"; the notice's is the moment it was signed.
        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = signing_time
            estimate = session.estimate_signature_container_size

            async def estimated_once(validation_info, tight=False):
                if room_for not in _SIGNATURE_ROOM:
                    _SIGNATURE_ROOM[room_for] = await estimate(validation_info, tight)
                return _SIGNATURE_ROOM[room_for]

            session.estimate_signature_container_size = estimated_once
            return session

    metadata = signers.PdfSignatureMetadata(
        field_name="OfficeSignature",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        name=settings.OFFICE_NAME,
    )
    timestamper = None
    if settings.SIGNING_TIMESTAMP_URL:
        timestamper = timestamps.HTTPTimeStamper(settings.SIGNING_TIMESTAMP_URL, timeout=30)
    _key_and_certificate()  # a clear message if either file is missing
    key_file, certificate_file = (
        str(settings.SIGNING_KEY_FILE),
        str(settings.SIGNING_CERTIFICATE_FILE),
    )
    room_for = (key_file, certificate_file, settings.SIGNING_TIMESTAMP_URL or "")
    office = _pyhanko_signer(key_file, certificate_file, settings.SIGNING_KEY_PASSWORD)
    signer = SignedAt(metadata, signer=office, timestamper=timestamper)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    return outside_event_loop(lambda: signer.sign_pdf(writer).getvalue())


# --- A development key ---------------------------------------------------------------


def make_development_key(key_path: Path, certificate_path: Path, *, organisation: str) -> bool:
    """Write a self-signed key and certificate, named as untrusted. False if both exist."""
    if key_path.exists() and certificate_path.exists():
        return False
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, DEVELOPMENT_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .sign(key, hashes.SHA256())
    )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    certificate_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return True

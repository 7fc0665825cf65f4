"""Every stored notice PDF carries the office's PAdES signature, as poppler's pdfsig
(the tool a reader would use) reports it: valid, over the whole file, dated when the
Commissioner signed."""

import datetime
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from decisions import office_key, workflow
from decisions.models import DecisionStatus
from tests import factories

pytestmark = pytest.mark.django_db


def pdfsig(data, tmp_path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, timeout=60, check=False
    ).stdout


def _stored(decision) -> bytes:
    with decision.documents.latest().file.open("rb") as handle:
        return handle.read()


def test_a_signed_notice_pdf_has_a_valid_signature_over_the_whole_file(
    alice, carol, board, tmp_path
):
    signed = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    report = pdfsig(_stored(signed), tmp_path)
    assert "Signature is Valid." in report
    assert "Total document signed" in report
    assert office_key.DEVELOPMENT_NAME in report  # named as untrusted, as make run's is
    local = timezone.localtime(signed.signed_at)
    assert f"Signing Time: {local:%b %d %Y %H:%M}" in report


def test_the_signing_time_of_a_decision_recorded_from_the_past_is_its_own(demo, tmp_path):
    from decisions.models import Decision

    seed = Decision.objects.get(reference="WMPCC 2012-001")
    report = pdfsig(_stored(seed), tmp_path)
    assert "Signing Time: Nov 22 2012" in report and "Signature is Valid." in report


def test_each_amendment_pdf_is_signed_at_the_amendments_time(alice, carol, board, tmp_path):
    signed = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    workflow.propose_amendment(signed, by=alice, change_note="A figure.")
    workflow.sign_amendment(signed, by=carol)
    latest = signed.versions.latest()
    assert latest.number == 2
    report = pdfsig(_stored(signed), tmp_path)
    assert "Signature is Valid." in report
    assert f"Signing Time: {timezone.localtime(latest.at):%b %d %Y %H:%M}" in report


def test_a_changed_byte_breaks_the_signature(alice, carol, board, tmp_path):
    signed = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    data = bytearray(_stored(signed))
    data[len(data) // 3] ^= 0x01  # one bit, inside the signed ranges
    report = pdfsig(bytes(data), tmp_path)
    assert "Signature #1" in report and "Signature is Valid." not in report


class _TimeStampAuthority(BaseHTTPRequestHandler):
    """An RFC 3161 time-stamping authority on localhost, as an office would configure."""

    stamper = None

    def do_POST(self):  # noqa: N802 - the HTTP method's name
        from asn1crypto import tsp

        request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
        response = self.stamper.request_tsa_response(request)
        body = response.dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        """Silent: the stand-in authority's requests are not the test's output."""


def _time_stamper(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    (tmp_path / "tsa-key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )  # fmt: skip
    (tmp_path / "tsa.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(str(tmp_path / "tsa.pem")),
        tsa_key=load_private_key_from_pemder(str(tmp_path / "tsa-key.pem"), None),
    )


def test_with_a_time_stamping_authority_the_signature_is_b_t(
    alice, carol, board, tmp_path, settings
):
    # First a signature without a time-stamp, with the same key: the room it took in its
    # PDF is too small for one with a time-stamp, which must make room of its own.
    factories.in_state(DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board)
    _TimeStampAuthority.stamper = _time_stamper(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TimeStampAuthority)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SIGNING_TIMESTAMP_URL = f"http://127.0.0.1:{server.server_port}/"
    try:
        signed = factories.in_state(
            DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
        )
    finally:
        server.shutdown()
    data = _stored(signed)
    import io

    from asn1crypto import cms
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    unsigned = signature.signer_info["unsigned_attrs"]
    kinds = [attribute["type"].native for attribute in unsigned] if unsigned.native else []
    assert "signature_time_stamp_token" in kinds
    assert isinstance(signature.signed_data, cms.SignedData)
    assert "Signature is Valid." in pdfsig(data, tmp_path)

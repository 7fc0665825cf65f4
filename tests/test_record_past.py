"""Recording the earlier register from the admin: one past decision by hand, or a CSV
with a ZIP of its PDFs. Only a register administrator may: each is published at once."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.models import Decision, NoticeVersion, NumberingSeries, Period

pytestmark = pytest.mark.django_db

RECORD = "/admin/decisions/decision/record-past/"
IMPORT = "/admin/decisions/decision/import/"
SAMPLE = Path(django_settings.BASE_DIR) / "fixtures" / "import"
ORIGINAL = (SAMPLE / "pdfs" / "2024-25-017.pdf").read_bytes()


def _form(**overrides):
    data = {
        "reference": "2024/25-017",
        "title": "Estates strategy: disposal of the old station",
        "summary": "",
        "text": "",
        "decision_maker_name": "Kate Green",
        "decision_maker_title": "Deputy Police and Crime Commissioner",
        "decision_maker_role": "deputy",
        "signed_on": "2025-03-20",
        "published_on": "",
        "effective_on": "",
        "contact_names": "Estates team\nLegal team",
        "links_to": "",
        "withheld": "Commercially sensitive (FOI Act s.43); 2027-04-01",
        "pdf": SimpleUploadedFile("original.pdf", ORIGINAL, "application/pdf"),
    }
    return {**data, **overrides}


@pytest.fixture
def financial_series():
    return NumberingSeries.objects.create(
        name="By financial year", pattern="{financial_year}-{number:03d}",
        period=Period.FINANCIAL_YEAR, is_default=True,
    )  # fmt: skip


def test_a_register_administrator_records_a_past_decision_by_hand(
    client, admin_user, financial_series
):
    client.force_login(admin_user)
    assert "Record a past decision" in client.get(RECORD).content.decode()
    response = client.post(RECORD, _form())
    decision = Decision.objects.get(reference="2024/25-017")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/decisions/decision/{decision.pk}/change/"
    assert (decision.reference_period, decision.reference_number) == (2024, 17)
    page = " ".join(client.get(decision.get_absolute_url()).content.decode().split())
    assert (
        "Decision maker: Kate Green, Deputy Police and Crime Commissioner, on behalf of the "
        "Police and Crime Commissioner" in page
    )
    assert 'Signed: <time datetime="2025-03-20">20 March 2025</time>' in page
    assert "Published: date not recorded" in page
    assert "Exemption: Commercially sensitive (FOI Act s.43). To be reviewed" in page
    assert hashlib.sha256(ORIGINAL).hexdigest() in page
    served = b"".join(client.get(f"/decisions/{decision.slug}.pdf").streaming_content)
    assert served == ORIGINAL
    recorded = decision.history.latest("history_date")
    assert recorded.history_user == admin_user
    assert recorded.history_change_reason == "Recorded from the office's earlier register"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"withheld": "Personal data; 31/31/2020"}, "Line 1: &#x27;31/31/2020&#x27; is not a date"),
        ({"pdf": SimpleUploadedFile("x.pdf", b"<html>", "application/pdf")}, "Is not a PDF file."),
        ({"title": ""}, "This field is required."),
        ({"signed_on": "yesterday"}, "Enter a valid date."),
    ],
)
def test_bad_input_gets_a_message_and_records_nothing(
    client, admin_user, financial_series, overrides, message
):
    client.force_login(admin_user)
    response = client.post(RECORD, _form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Decision.objects.exists()


def test_a_reference_already_on_the_register_is_refused(client, admin_user, financial_series):
    client.force_login(admin_user)
    client.post(RECORD, _form())
    response = client.post(RECORD, _form(title="Again"))
    assert "2024/25-017 is already on the register." in response.content.decode()
    assert Decision.objects.count() == 1


@pytest.mark.parametrize("actor", ["alice", "bob", "carol", "dave"])
def test_no_other_role_may_record_or_import(client, request, financial_series, actor):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    assert client.get(RECORD).status_code == 403
    assert client.post(RECORD, _form()).status_code == 403
    assert client.post(IMPORT, {"index": _csv(b"x")}).status_code == 403
    listing = client.get("/admin/decisions/decision/").content.decode()
    assert "Record a past decision" not in listing
    assert not Decision.objects.exists()


def test_the_public_is_sent_to_sign_in(client):
    response = client.get(RECORD)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def _csv(data):
    return SimpleUploadedFile("register.csv", data, "text/csv")


def _zip_of_sample_pdfs():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (SAMPLE / "pdfs").iterdir():
            archive.write(path, f"pdfs/{path.name}")  # a folder inside: names are enough
    return SimpleUploadedFile("pdfs.zip", buffer.getvalue(), "application/zip")


@pytest.fixture
def sample_series():
    for name, pattern, period in [
        ("Commissioner's decisions", "PCD {number}", Period.CONTINUOUS),
        ("Decisions by year", "{number:03d}/{year}", Period.CALENDAR_YEAR),
        ("Decisions by financial year", "{financial_year}-{number:03d}", Period.FINANCIAL_YEAR),
        ("Third term", "WPCC3-{number:04d}", Period.CONTINUOUS),
        ("Chief executive's decisions", "CEX {number:03d}", Period.CONTINUOUS),
    ]:
        NumberingSeries.objects.create(name=name, pattern=pattern, period=period)


def test_an_administrator_checks_then_imports_a_register_from_the_admin(
    client, admin_user, sample_series
):
    client.force_login(admin_user)
    index = (SAMPLE / "register.csv").read_bytes()
    checked = client.post(IMPORT, {"index": _csv(index), "pdfs": _zip_of_sample_pdfs(),
                                   "check": "Check"})  # fmt: skip
    assert "Ready to import 15 decisions" in checked.content.decode()
    assert not Decision.objects.exists()
    imported = client.post(IMPORT, {"index": _csv(index), "pdfs": _zip_of_sample_pdfs(),
                                    "import": "Import"})  # fmt: skip
    assert imported.status_code == 302
    assert Decision.objects.published().count() == 12
    original = (SAMPLE / "pdfs" / "pcd-338.pdf").read_bytes()
    served = b"".join(client.get("/decisions/pcd-338.pdf").streaming_content)
    assert served == original


def test_a_bad_upload_shows_each_problem_and_imports_nothing(client, admin_user, sample_series):
    client.force_login(admin_user)
    index = b"reference,title,decision_maker_name,signed_on\nPCD 1,A,B,someday\n"
    response = client.post(IMPORT, {"index": _csv(index), "import": "Import"})
    page = " ".join(response.content.decode().split())
    assert "1 problem: nothing was imported" in page
    assert "<td>2</td><td>signed_on</td>" in page
    assert not NoticeVersion.objects.exists()
    not_zip = SimpleUploadedFile("pdfs.zip", b"not a zip", "application/zip")
    response = client.post(IMPORT, {"index": _csv(index), "pdfs": not_zip, "check": "Check"})
    assert "This is not a ZIP file." in response.content.decode()
    assert not Decision.objects.exists()

"""Staff enter every part of a notice in the admin; bad input gets a clear form error."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.models import Contact, Decision
from tests import factories
from tests.admin_forms import decision_form

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/decisions/decision/add/"


def test_it_saves_a_whole_notice_with_every_inline(as_alice):
    earlier = factories.signed(reference="WMPCC 2012-001", title="Business Partnering")
    contact = factories.contact()
    pdf = SimpleUploadedFile("annex.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    data = decision_form(
        {"contact_officer": str(contact.pk)},
        sections=[
            {"order": "1", "level": "2", "heading": "Background", "body": "1. One.\n2. Two."},
            {
                "order": "2",
                "level": "3",
                "heading": "Costs",
                "body": "| a | b |\n|---|---|\n| 1 | 2 |",
            },
        ],
        gateways=[
            {"gate": "0", "description": "Approval", "milestone_planned": "July-2013"},
            {"gate": "1", "description": "Award", "milestone_planned": "2014-01"},
        ],
        background_papers=[{"order": "1", "title": "Options paper", "url": ""}],
        annexes=[{"order": "1", "label": "A", "title": "Report", "file": pdf, "url": ""}],
        links_out=[{"to_decision": str(earlier.pk), "to_reference": ""}],
        confidential_parts=[{"order": "1", "heading": "Part 2", "body": "Secret price."}],
    )
    response = as_alice.post(ADD_URL, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if hasattr(response, "context") else response
    )
    decision = Decision.objects.get(title="Victims' services contract")
    assert [s.heading for s in decision.sections.all()] == ["Background", "Costs"]
    assert [g.milestone_planned.isoformat() for g in decision.gateways.all()] == [
        "2013-07-01",
        "2014-01-01",
    ]
    annex = decision.annexes.get()
    assert annex.original_filename == "annex.pdf"
    assert annex.file.name.startswith("annexes/") and "annex" not in annex.file.name[8:]
    assert decision.links_out.get().to_decision == earlier
    assert decision.confidential_parts.get().body == "Secret price."
    assert decision.created_by.username == "alice"
    assert decision.history.first().history_user.username == "alice"


def test_a_gateway_without_a_gate_number_gets_a_form_error(as_alice):
    data = decision_form(
        gateways=[{"gate": "", "description": "Approval", "milestone_planned": "July 2013"}]
    )
    response = as_alice.post(ADD_URL, data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Decision.objects.exists()


def test_a_month_that_is_not_one_gets_a_form_error(as_alice):
    data = decision_form(
        gateways=[{"gate": "0", "description": "Approval", "milestone_planned": "Julember"}]
    )
    response = as_alice.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Enter a month and year, like July 2013 or 2013-07." in response.content.decode()


def test_a_gate_twice_in_one_timetable_gets_a_form_error(as_alice):
    row = {"gate": "1", "description": "x", "milestone_planned": "July 2013"}
    response = as_alice.post(ADD_URL, decision_form(gateways=[row, dict(row)]))
    assert response.status_code == 200
    assert "Please correct the duplicate data for gate" in response.content.decode()


def test_an_email_that_is_not_one_gets_a_form_error(as_alice):
    response = as_alice.post(
        "/admin/decisions/contact/add/", {"name": "Jacky Courtney", "email": "not-an-email"}
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.parametrize("client_name", ["as_admin", "as_alice"])
def test_no_one_types_a_reference_on_a_draft_the_workflow_will_number(request, client_name):
    # A reference typed on a draft was silently replaced at signing: now no form has it.
    client = request.getfixturevalue(client_name)
    response = client.post(ADD_URL, decision_form({"reference": "PCD 890"}))
    assert response.status_code == 302
    assert Decision.objects.get().reference is None
    assert 'name="reference"' not in client.get(ADD_URL).content.decode()


def test_an_upload_that_claims_to_be_a_pdf_but_is_html_is_refused(as_alice):
    fake = SimpleUploadedFile("annex.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    data = decision_form(annexes=[{"order": "1", "label": "A", "title": "R", "file": fake}])
    response = as_alice.post(ADD_URL, data)
    assert response.status_code == 200
    assert "is named as a PDF file but its contents are not one" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_decision_list_searches_and_filters(as_alice):
    factories.signed(reference="WMPCC 2012-001", title="Business Partnering")
    factories.draft(title="Victims' services")
    response = as_alice.get("/admin/decisions/decision/", {"q": "Partnering"})
    assert "Business Partnering" in response.content.decode()
    assert "Victims" not in response.content.decode()
    response = as_alice.get("/admin/decisions/decision/", {"status__exact": "draft"})
    assert "Victims" in response.content.decode()
    assert "Business Partnering" not in response.content.decode()


def test_bad_filter_values_in_the_admin_list_are_not_server_errors(as_alice):
    for params in ({"year": "abc"}, {"status__exact": "nonsense"}, {"p": "999"}, {"o": "x"}):
        assert as_alice.get("/admin/decisions/decision/", params).status_code in (200, 302)


def test_autocomplete_finds_contacts_and_decisions(as_alice):
    factories.contact(name="Jacky Courtney")
    factories.signed(reference="WMPCC 2012-001", title="Business Partnering")
    response = as_alice.get(
        "/admin/autocomplete/",
        {"term": "Jacky", "app_label": "decisions", "model_name": "decision",
         "field_name": "contact_officer"},
    )  # fmt: skip
    assert "Jacky Courtney" in response.content.decode()
    response = as_alice.get(
        "/admin/autocomplete/",
        {"term": "2012", "app_label": "decisions", "model_name": "decisionlink",
         "field_name": "to_decision"},
    )  # fmt: skip
    assert "WMPCC 2012-001" in response.content.decode()


def test_every_object_has_a_history_page(as_admin, demo):
    decision = Decision.objects.get(reference="WMPCC 2012-001")
    response = as_admin.get(f"/admin/decisions/decision/{decision.pk}/history/")
    assert response.status_code == 200
    assert "Loaded from the demo data" in response.content.decode()
    section = decision.sections.first()
    assert as_admin.get(f"/admin/decisions/section/{section.pk}/history/").status_code == 200


def test_it_folds_the_parts_most_decisions_leave_alone(as_alice):
    page = as_alice.get("/admin/decisions/decision/add/").content.decode()
    folded = re.findall(r"<details[^>]*>\s*<summary[^>]*>(.*?)</summary>", page, re.S)
    names = " ".join(re.sub(r"<[^>]+>", " ", name) for name in folded).lower()
    for part in ("where and how it is made", "public access", "annexes",
                 "links to earlier decisions", "confidential parts"):  # fmt: skip
        assert part in names, f"{part!r} is not folded: {names}"
    assert "executive summary" not in names and "sections" not in names

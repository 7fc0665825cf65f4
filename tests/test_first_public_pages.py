"""The first public pages: signed decisions only, each with its public parts."""

import pytest

from decisions.models import ConfidentialPart, Decision
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]


def test_the_register_lists_signed_decisions_and_not_drafts(client, demo):
    response = client.get("/decisions/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "WMPCC 2012-001" in page
    assert "Business Partnering for the Police Programme" in page
    assert "Innovation and Integration Partner" not in page


def test_a_notice_shows_its_public_parts_and_never_its_confidential_part(client):
    decision = factories.draft(title="Custody contract")
    ConfidentialPart.objects.create(decision=decision, heading="Part 2", body="PRICE-MARKER")
    factories.record_signature(decision, reference="WMPCC 2026-001")
    response = client.get("/decisions/wmpcc-2026-001/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Custody contract" in page and "Financial" in page
    assert "PRICE-MARKER" not in page


def test_a_draft_does_not_exist_for_the_public(client):
    draft = factories.draft(title="Secret draft")
    draft.slug = "secret-draft"
    Decision.objects.filter(pk=draft.pk).update(slug="secret-draft")
    assert client.get("/decisions/secret-draft/").status_code == 404


def test_links_show_in_both_directions_but_never_name_a_draft(client, demo):
    earlier = Decision.objects.get(reference="WMPCC 2012-001")
    later = factories.draft(title="Follow-on decision")
    later.links_out.create(to_decision=earlier)
    factories.record_signature(later, reference="WMPCC 2013-009")
    draft = factories.draft(title="Unsigned follow-up")
    draft.links_out.create(to_decision=earlier)
    page = client.get("/decisions/wmpcc-2012-001/").content.decode()
    assert "Follow-on decision" in page
    assert "Unsigned follow-up" not in page
    later_page = client.get("/decisions/wmpcc-2013-009/").content.decode()
    assert 'href="/decisions/wmpcc-2012-001/"' in later_page

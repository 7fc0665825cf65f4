"""The strict Content-Security-Policy breaks nothing: no violation in the browser,
on the public pages or on the staff pages where drafts are written and signed."""

import pytest

from tests.browser.helpers import log_in

_LISTEN = """() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
}"""


def _violations(page, path):
    console = []
    page.on("console", lambda m: "Content Security Policy" in m.text and console.append(m.text))
    page.add_init_script(f"({_LISTEN})()")
    response = page.goto(path)
    assert response.status < 400, path
    page.wait_for_load_state("networkidle")
    return page.evaluate("() => window.__cspViolations") + console


@pytest.mark.parametrize(
    "path", ["/decisions/", "/decisions/?q=business", "/decisions/wmpcc-2012-001/", "/meetings/"]
)
def test_public_pages_have_no_csp_violations(demo_site, page, path):
    assert _violations(page, path) == []


def test_staff_pages_have_no_csp_violations(demo_site, page):
    from decisions.models import Decision

    log_in(page, "drafter")
    draft = Decision.objects.get(reference__isnull=True)
    for path in (
        "/admin/",
        "/admin/decisions/decision/",
        "/admin/decisions/decision/add/",
        f"/admin/decisions/decision/{draft.pk}/change/",
        f"/admin/decisions/decision/{draft.pk}/preview/",
        f"/admin/decisions/decision/{draft.pk}/history/",
    ):
        assert _violations(page, path) == [], path

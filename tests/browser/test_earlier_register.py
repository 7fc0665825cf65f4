"""An office brings its earlier register in, in a real browser: the register
administrator records one past decision by hand, then checks and imports a small
register (a CSV and a ZIP of its PDFs), and the public finds both.

Each step saves a screenshot as test-artifacts/earlier-register/NN-step.png.
"""

import io
import zipfile

from playwright.sync_api import expect

from tests.browser.helpers import artifact_dir, log_in

INDEX = (
    "reference,title,decision_maker_name,decision_maker_title,decision_maker_role,"
    "signed_on,published_on,contact_names,pdf\n"
    "WMPCC 2011-004,Neighbourhood watch grants,Chief Executive,,delegated_officer,"
    "2011-05-02,,Community team,grants.pdf\n"
    "WMPCC 2011-005,Stop and search scrutiny panel,Bob Jones,"
    "Police and Crime Commissioner,commissioner,,2011-06-01,,\n"
)


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<h1>{text}</h1><p>Signed on the original notice.</p>").write_pdf()


def test_an_office_records_a_past_decision_and_imports_its_register(demo_site, new_page, tmp_path):
    folder = artifact_dir("earlier-register", fresh=True)
    page = new_page()
    log_in(page, "admin")

    page.goto("/admin/decisions/decision/")
    page.get_by_role("link", name="Record a past decision").click()
    page.get_by_label("Reference").fill("WMPCC 2011-003")
    page.get_by_label("Title:", exact=True).fill("Custody suite refurbishment")
    page.get_by_label("Decision maker").fill("Yvonne Mosquito")
    page.get_by_label("Their title").fill("Deputy Police and Crime Commissioner")
    page.get_by_label("They decided as").select_option(
        label="A Deputy, on behalf of the Commissioner"
    )
    page.get_by_label("Signed on").fill("2011-03-14")
    original = tmp_path / "original.pdf"
    original.write_bytes(_pdf("WMPCC 2011-003 Custody suite refurbishment"))
    page.get_by_label("Original signed PDF").set_input_files(str(original))
    page.screenshot(path=str(folder / "01-record-form.png"), full_page=True)
    page.get_by_role("button", name="Record and publish").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "WMPCC 2011-003 is recorded and on the public register."
    )

    index = tmp_path / "register.csv"
    index.write_text(INDEX, "utf-8")
    archive = tmp_path / "pdfs.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as pdfs:
        pdfs.writestr("grants.pdf", _pdf("WMPCC 2011-004 Neighbourhood watch grants"))
    archive.write_bytes(buffer.getvalue())
    page.goto("/admin/decisions/decision/")
    page.get_by_role("link", name="Import the earlier register").click()
    page.get_by_label("CSV index").set_input_files(str(index))
    page.get_by_label("ZIP of the PDFs").set_input_files(str(archive))
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="Ready to import 2 decisions")).to_be_visible()
    page.screenshot(path=str(folder / "02-import-checked.png"), full_page=True)
    page.get_by_label("CSV index").set_input_files(str(index))
    page.get_by_label("ZIP of the PDFs").set_input_files(str(archive))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported 2 decision(s)")

    public = new_page()
    public.goto("/decisions/?q=custody+suite")
    public.get_by_role("link", name="WMPCC 2011-003: Custody suite refurbishment").click()
    expect(public.locator(".notice__signature")).to_contain_text(
        "Decision maker: Yvonne Mosquito, Deputy Police and Crime Commissioner, on behalf of "
        "the Police and Crime Commissioner"
    )
    public.goto("/decisions/2011/")
    expect(public.get_by_text("WMPCC 2011-005: Stop and search scrutiny panel")).to_be_visible()
    expect(public.get_by_text("Signed (date not recorded)")).to_be_visible()
    public.screenshot(path=str(folder / "03-public-year.png"), full_page=True)

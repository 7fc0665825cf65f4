"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium is the system's (/usr/bin/chromium, or $CHROMIUM_PATH); Playwright's own
browser download is never used. Without Chromium these tests skip and say why,
except under CI (CI=true), where a missing browser fails the run.

On a failure, every page the test opened is saved (screenshot and HTML) under
test-artifacts/<test name>/ and the path is printed with the failure.
"""

import os

import pytest

from tests.browser.helpers import artifact_dir, in_ci

# Playwright's sync API runs an event loop in the test thread; without this Django
# refuses ORM calls made from the test itself (loading the demo, reading results).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

_pages_key = pytest.StashKey[list]()


@pytest.fixture(scope="session")
def chromium_executable():
    """The browser's path; skips (locally) or fails (under CI) when it is missing."""
    problem = None
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        problem = (
            f"Chromium is not installed at {CHROMIUM}, so the browser tests cannot run. "
            "Install Debian's `chromium` package (bash .ci/system-packages does), "
            "or set CHROMIUM_PATH."
        )
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = (
                "The Python package `playwright` is not installed, so the browser tests "
                'cannot run. Install the dev dependencies: pip install -e ".[dev]".'
            )
    if problem:
        if in_ci():
            pytest.fail(f"CI=true and {problem}", pytrace=False)
        pytest.skip(problem)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(request, browser, live_server):
    """Open a page in a fresh browser context (its own cookies: its own user).

    Every page opened is saved on failure. `width` sets the viewport's width.
    """
    contexts = []
    pages = request.node.stash.setdefault(_pages_key, [])

    def open_page(*, width=1280, height=900):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            accept_downloads=True,
            locale="en-GB",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def _restore_roles():
    """Put back the role groups the data migration made; a transactional flush empties them."""
    from django.contrib.auth.models import Group, Permission

    from decisions.roles import ROLE_PERMISSIONS

    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="decisions", codename__in=codenames)
        )


@pytest.fixture(scope="module", autouse=True)
def _roles_restored_after_flush(django_db_setup, django_db_blocker):
    """After the last test of a module has flushed the database, the tests that follow
    (anywhere in the suite) still find the role groups, as after migrating."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        _restore_roles()
        # Left open, this connection stops PostgreSQL dropping the test database
        # at the end of the run ("being accessed by other users").
        connections.close_all()


@pytest.fixture
def demo_site(chromium_executable, live_server, transactional_db):
    """The demo office loaded into the live server's database."""
    from decisions.demo import load_demo

    _restore_roles()
    return load_demo()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        pages = [p for p in item.stash.get(_pages_key, []) if not p.is_closed()]
        if pages:
            folder = artifact_dir(item.name)
            saved = []
            for n, page in enumerate(pages, start=1):
                try:
                    page.screenshot(path=str(folder / f"page{n}.png"), full_page=True)
                    (folder / f"page{n}.html").write_text(page.content(), "utf-8")
                    saved.append(f"page{n}: {page.url}")
                except Exception as error:  # the page may have crashed; say so, go on
                    saved.append(f"page{n}: could not be saved ({error})")
            lines = "\n".join(saved)
            text = f"Screenshots and HTML saved in {folder}\n{lines}"
            report.sections.append(("browser artefacts", text))
            print(f"\n{text}")
    return report

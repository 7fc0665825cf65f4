"""Settings come from the environment and refuse bad values with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from pccdecisions.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def _start(show="'started'", **env):
    """Start Django in a fresh process with these environment variables; print `show`."""
    ours = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SIGNING_KEY_FILE", "SIGNING_CERTIFICATE_FILE"}
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    clean.update(env, DJANGO_SETTINGS_MODULE="pccdecisions.settings")
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); print({show})"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_debug_off_it_refuses_the_default_secret_key():
    result = _start(DEBUG="false", ALLOWED_HOSTS="decisions.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_with_debug_off_it_refuses_empty_allowed_hosts():
    result = _start(DEBUG="false", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_with_debug_off_it_refuses_the_local_site_url():
    result = _start(DEBUG="false", SECRET_KEY="k" * 60, ALLOWED_HOSTS="decisions.example")
    assert result.returncode != 0
    assert "SITE_URL must be the register's public address" in result.stderr


def test_with_debug_off_it_refuses_to_sign_with_no_key_of_the_offices_own():
    result = _start(
        DEBUG="false",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="decisions.example",
        SITE_URL="https://decisions.example",
    )
    assert result.returncode != 0
    assert "SIGNING_KEY_FILE and SIGNING_CERTIFICATE_FILE must name" in result.stderr


# What a real deployment sets, with DEBUG off.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 60,
    "ALLOWED_HOSTS": "decisions.example",
    "SITE_URL": "https://decisions.example",
    "SIGNING_KEY_FILE": "/etc/pccdecisions/key.pem",
    "SIGNING_CERTIFICATE_FILE": "/etc/pccdecisions/certificate.pem",
}


def test_with_debug_off_and_real_values_it_starts():
    result = _start(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_with_debug_off_static_files_have_hashed_names_imports_included():
    backend = "__import__('django.conf').conf.settings.STORAGES['staticfiles']['BACKEND']"
    result = _start(show=backend, **PRODUCTION)
    assert result.stdout.strip() == "pccdecisions.static_storage.HashedStaticFilesStorage"


def test_a_bad_database_url_is_named():
    result = _start(DATABASE_URL="mysqlx://nowhere")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_a_bad_reference_format_is_named():
    result = _start(REFERENCE_FORMAT="WMPCC {yr}-{number}")
    assert result.returncode != 0
    assert "REFERENCE_FORMAT" in result.stderr


def test_a_bad_date_is_named():
    result = _start(ACCESSIBILITY_STATEMENT_PREPARED="24/11/2026")
    assert result.returncode != 0
    assert "ACCESSIBILITY_STATEMENT_PREPARED='24/11/2026' is not a date" in result.stderr


def test_helpers_refuse_bad_values(monkeypatch):
    monkeypatch.setenv("FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="FLAG='perhaps' is not a yes/no value"):
        env_bool("FLAG")
    monkeypatch.setenv("COUNT", "ten")
    with pytest.raises(ImproperlyConfigured, match="COUNT='ten' is not a whole number"):
        env_int("COUNT", 1)
    monkeypatch.setenv("COUNT", "-1")
    with pytest.raises(ImproperlyConfigured, match="below the minimum"):
        env_int("COUNT", 1, minimum=0)
    monkeypatch.setenv("HOSTS", " a.example, ,b.example ")
    assert env_list("HOSTS") == ["a.example", "b.example"]


@pytest.mark.parametrize(
    "name, value", [("CACHE_URL", "memcached://nowhere"), ("SERVE_FILES", "ftp")]
)
def test_a_bad_cache_or_file_server_is_named(name, value):
    result = _start(**{name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_a_redis_cache_url_gives_djangos_redis_cache_sharing_its_client(monkeypatch):
    from pccdecisions.env import env_cache

    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/2")
    assert env_cache("CACHE_URL", "locmem://") == {
        "BACKEND": "pccdecisions.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
    }

"""This release, as a fingerprint of what makes the public pages: the templates, the
product's code and the static files' hashed names.

What the cache keeps whole (register pages, their frames, API rows) is keyed by it as
well as by the register's version: after a deploy, a kept page could otherwise link to
stylesheets collectstatic has replaced, or show last release's markup, until the next
signing or a day had passed.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

# What a page is made with. Migrations change no page.
_SOURCES = (("templates", "*.html"), ("decisions", "*.py"), ("decisions", "*.html"))


@cache
def fingerprint() -> str:
    """Read once for each process: the same for every worker of one deploy."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    paths = {path for folder, pattern in _SOURCES for path in (root / folder).rglob(pattern)}
    for path in sorted(paths):
        if "migrations" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]

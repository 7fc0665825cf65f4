"""The public register as plain files, for the day it goes viral (issue 16).

`python manage.py export_static DIR` writes every page, PDF, feed and open-data file an
anonymous reader can reach, as the app answers it, so nginx or a CDN can serve them with
no Python and no database. With STATIC_EXPORT_DIR set, each publication then refreshes
what it changed: the notice's own files, the pages of decisions it cites, and every list,
feed and export it appears in (publishing.py).

What is exported is found, not listed: a crawl from the register's front doors and its
sitemaps, following only this site's links. So it holds exactly what a reader can reach,
and never a draft. An address with a query string (a search, a filter, a later page) is
not a file, nor is any answer that sets a cookie (the alerts form's CSRF token): the web
server passes those to the app (README, "Serving a static export").
"""

import os
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.urls import reverse

from decisions.made_pages import anonymous_answer
from decisions.models import Decision

# The register's front doors; everything else is reached from them.
ENTRY_POINTS = (
    "/decisions/",
    "/sitemap.xml",
    "/decisions/feed/",
    "/decisions.csv",
    "/decisions.json",
    "/api/decisions.json",
    "/transparency/log.json",
    "/transparency/certificate.pem",
    "/robots.txt",
    "/.well-known/security.txt",
)
# Pages every publication can change, besides the notice's own.
LISTS = (
    "/decisions/",
    "/decisions/feed/",
    "/decisions.csv",
    "/decisions.json",
    "/api/decisions.json",
    "/sitemap.xml",
    "/sitemap-decisions.xml",
    "/transparency/",
    "/transparency/log.json",
)
# Answers made for one visitor or one form: always the app's.
NEVER = ("/admin/", "/alerts/")
_LINK = re.compile(r"""(?:href|src)="([^"]+)"|<loc>([^<]+)</loc>|url\(["']?([^"')]+)""")
_CRAWLED_TYPES = ("text/html", "application/atom+xml", "application/xml", "text/css")
# An address ending in "/" is a folder; its answer is this file in it.
_INDEX = {"application/atom+xml": "index.atom"}


def export(directory: Path, *, app: str = "http://127.0.0.1:8000", listen: str = "80") -> int:
    """Write the whole public register under `directory`, and beside it the nginx server
    that serves it (.nginx-server.conf, passing to the app at `app` whatever is not a
    file); the number of files written."""
    seeds = list(ENTRY_POINTS)
    for decision in Decision.objects.published().only("slug").prefetch_related("versions"):
        seeds += files_of(decision)
    seen, queue, written = set(seeds), list(reversed(seeds)), 0
    while queue:
        path = queue.pop()
        links = _write(directory, path)
        written += links is not None
        for link in links or ():
            if link not in seen:
                seen.add(link)
                queue.append(link)
    _write_server(directory, app=app, listen=listen)
    return written


def refresh_for(decision, directory: Path | None = None) -> int:
    """After a publication: the decision's own files, the pages of the decisions it
    cites, and every list, feed and export it appears in."""
    directory = directory or Path(settings.STATIC_EXPORT_DIR)
    paths = [*LISTS, *files_of(decision)]
    if decision.signed_at:
        paths.append(reverse("decisions:year", args=[f"{decision.signed_at:%Y}"]))
    for link in decision.links_out.exclude(to_decision=None).select_related("to_decision"):
        paths.append(reverse("decisions:detail", args=[link.to_decision.slug]))
    return write(directory, paths)


def write(directory: Path, paths) -> int:
    """Write the app's answer to each of `paths`; how many were files."""
    return sum(_write(directory, path) is not None for path in dict.fromkeys(paths))


def files_of(decision) -> list[str]:
    """A notice's own addresses: its page, its PDF, its open data, and each version's
    PDF and signed JSON (linked from the transparency log, which is not crawled)."""
    slug = decision.slug
    paths = [reverse("decisions:detail", args=[slug]), reverse("decisions:pdf", args=[slug]),
             reverse("decisions:decision_json", args=[slug])]  # fmt: skip
    for version in decision.versions.all():
        paths.append(reverse("decisions:version_json", args=[slug, version.number]))
        paths.append(reverse("decisions:version_pdf", args=[slug, version.number]))
    return paths


def _write(directory: Path, path: str) -> list[str] | None:
    """Store the app's answer to `path` as a file; the site's links it holds, or None if
    it is not a file a web server could serve for everyone."""
    response = anonymous_answer(path)
    if response.status_code != 200 or response.cookies or "Set-Cookie" in response:
        return None
    content_type = response.get("Content-Type", "").split(";")[0]
    target = _file_for(directory, path, content_type)
    if target is None:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as file:
        if response.streaming:
            for chunk in response.streaming_content:
                file.write(chunk)
        else:
            file.write(response.content)
    os.replace(temporary, target)  # a reader gets the old file or the new, never half
    if content_type not in _CRAWLED_TYPES:
        return []
    return _links(path, target.read_text(encoding="utf-8", errors="replace"))


def _file_for(directory: Path, path: str, content_type: str) -> Path | None:
    """Where the answer to `path` is kept; None for an address that would lead outside
    the export (a notice's own link can name any address on the site)."""
    relative = unquote(path).lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += _INDEX.get(content_type, "index.html")
    target = (directory / relative).resolve()
    return target if target.is_relative_to(directory.resolve()) else None


def _links(base: str, text: str) -> list[str]:
    """This site's addresses that `text` (at `base`) links to, without query strings."""
    site = urlsplit(settings.SITE_URL)
    found = []
    for groups in _LINK.findall(text):
        link = urlsplit(urljoin(base, next(group for group in groups if group)))
        if link.scheme not in ("", site.scheme) or link.netloc not in ("", site.netloc):
            continue
        if link.query or not link.path.startswith("/") or link.path.startswith(NEVER):
            continue
        found.append(link.path)
    return found


# Headers the app sends that say how a browser may treat the answer: nginx sends them
# with the files (Content-Type and the rest are the files' own).
_KEPT_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                 "Referrer-Policy", "Cross-Origin-Opener-Policy", "Strict-Transport-Security",
                 "Permissions-Policy")  # fmt: skip
_TYPES = {"html": "text/html", "atom": "application/atom+xml", "json": "application/json",
          "csv": "text/csv", "ics": "text/calendar", "pdf": "application/pdf",
          "xml": "application/xml", "txt": "text/plain", "pem": "application/x-pem-file",
          "css": "text/css", "js": "text/javascript", "svg": "image/svg+xml",
          "png": "image/png", "woff2": "font/woff2", "woff": "font/woff",
          "ico": "image/x-icon"}  # fmt: skip
_TEXT = ("text/css", "text/plain", "text/csv", "text/calendar", "text/javascript",
         "application/json", "application/atom+xml", "application/xml")  # fmt: skip


def _headers(path: str) -> str:
    answer = anonymous_answer(path)
    lines = []
    for name in _KEPT_HEADERS:
        if name in answer:
            value = answer[name].replace("\\", "").replace('"', "")
            lines.append(f'        add_header {name} "{value}" always;')
    return "\n".join(lines)


def server_config(directory: Path, *, app: str, listen: str) -> str:
    """An nginx server that serves the export, and passes to the app every address with
    a query string, every request that is not a GET or HEAD, and every file it lacks."""
    root = directory.resolve()
    first_pdf = next(iter(sorted(root.glob("decisions/*.pdf"))), None)
    pdf_headers = _headers(f"/decisions/{first_pdf.name}") if first_pdf else ""
    types = "\n".join(f"        {kind} {ext};" for ext, kind in _TYPES.items())
    return f"""# Made by `python manage.py export_static`: include it in nginx's http block.
server {{
    listen {listen};
    root {root};
    index index.html index.atom;
    types {{
{types}
    }}
    charset utf-8;
    charset_types {" ".join(_TEXT)};
    error_page 418 = @app;
    if ($args) {{ return 418; }}
    if ($request_method !~ ^(GET|HEAD)$) {{ return 418; }}
    location / {{
{_headers("/decisions/")}
        try_files $uri $uri/ @app;
    }}
    location ~ \\.pdf$ {{
{pdf_headers}
        try_files $uri @app;
    }}
    location ^~ /.nginx {{ return 404; }}
    location @app {{
        proxy_pass {app};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }}
}}
"""


def _write_server(directory: Path, *, app: str, listen: str) -> None:
    (directory / ".nginx-server.conf").write_text(server_config(directory, app=app, listen=listen))

"""What the browser tests share: signing in, axe, focus, and saving what the browser saw."""

import os
import re
import shutil
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# axe-core's tags for WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

DEMO_PASSWORD = "{}-demo-password"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def artifact_dir(name: str, *, fresh: bool = False) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:120]
    path = ARTIFACTS / safe
    if fresh:
        shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- Accessibility ----------------------------------------------------------------


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG A/AA violations on the page as it is now.

    axe is loaded with page.evaluate (over the DevTools protocol), never as a
    <script> element, so a Content-Security-Policy without inline scripts does not
    stop it.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" [{', '.join(t for t in violation['tags'] if t.startswith('wcag'))}]"
            f" {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"]:
            lines.append(f"    target: {node['target']}")
            lines.append(f"    html:   {node['html'][:300]}")
            if node.get("failureSummary"):
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"    why:    {summary[:400]}")
    return "\n".join(lines)


# --- People ----------------------------------------------------------------------


def log_in(page, username: str, password: str | None = None):
    """Sign in to the staff side through its login form, as a person would."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or DEMO_PASSWORD.format(username))
    # The second factor: a one-time backup code, as a person without their phone would.
    page.get_by_label("Code").fill(_one_time_code(username))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def _one_time_code(username: str) -> str:
    from django.contrib.auth import get_user_model

    from decisions import two_factor

    return two_factor.backup_codes(get_user_model().objects.get(username=username), count=1)[0]


# --- Keyboard --------------------------------------------------------------------

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const opaque = (colour) => !/^rgba\\(.*,\\s*0\\)$/.test(colour) && colour !== 'transparent';
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    && opaque(style.outlineColor);
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id || '',
    name: el.getAttribute('name') || '',
    type: el.getAttribute('type') || '',
    href: el.getAttribute('href') || '',
    text: (el.innerText || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 100),
    visible: Boolean(outline || shadow),
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    boxShadow: style.boxShadow,
  };
}"""


def focused(page) -> dict | None:
    """What has the keyboard focus (document.activeElement), and whether it shows."""
    return page.evaluate(_FOCUSED)


def tab_until(page, matches, *, limit=60) -> tuple[dict, list[dict]]:
    """Press Tab until the focused element matches; returns it and every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        stops.append(element)
        if element and matches(element):
            return element, stops
    route = "\n".join(f"  {s}" for s in stops)
    raise AssertionError(f"Tab never reached the element in {limit} presses. Stops:\n{route}")

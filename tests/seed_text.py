"""Turn a seed notice (as published) into the phrases a faithful copy must contain."""

import html
import re
from pathlib import Path

from decisions.months import parse_month

SEED_DIR = Path(__file__).parent / "seed_notices"

# Page furniture of the original documents that the register prints differently
# (its own headings, labels and signature lines), so is not looked for word for word.
LAYOUT_ONLY = {
    "signature.....",
    "date.....",
    "draft decision",  # the original's page footer; drafts here say "Draft: not a decision"
    "schedule of background papers",  # printed as the heading "Background papers"
    "signed:",
    "name",
    "position",
    "tel",
    "email",
}
# "Label: value" pairs: the value must be there; the label is the register's own.
LABELS = (
    "contact officer:",
    "telephone number:",
    "email:",
    "title:",
    "subject:",
    "signed:",
    "date:",
    "authors of the report:",
)
_LIST_MARKER = re.compile(r"^\s*(?:[-*]|\d+\.)\s+")
_MONTH_CELL = re.compile(r"^[A-Za-z]+-\d{4}$")


def normalise(text: str) -> str:
    text = html.unescape(text)
    text = re.sub(r"[*#<>]", "", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\s+", " ", text)
    text = text.replace("( ", "(").replace(" )", ")")
    return text.strip().casefold()


def _paragraphs(raw: str):
    """Lines joined into paragraphs; a list item or numbered paragraph starts a new one."""
    current: list[str] = []
    for line in raw.splitlines():
        if not line.strip():
            if current:
                yield " ".join(current)
            current = []
            continue
        if "\t" in line:  # a table row: each cell stands alone
            if current:
                yield " ".join(current)
            current = []
            yield from (cell for cell in line.split("\t") if cell.strip())
            continue
        if _LIST_MARKER.match(line) and current:
            yield " ".join(current)
            current = []
        current.append(line.strip())
    if current:
        yield " ".join(current)


def seed_phrases(name: str) -> tuple[list[str], list[str]]:
    """(phrases to find in the text, month cells to find in the gateway timetable)."""
    raw = (SEED_DIR / name).read_text("utf-8")
    phrases, months = [], []
    for paragraph in _paragraphs(raw):
        text = paragraph
        while _LIST_MARKER.match(text):  # "- 1. The proposed..." has two markers
            text = _LIST_MARKER.sub("", text, count=1)
        text = text.strip()
        text = re.sub(r"^#+\s*", "", text)
        lowered = normalise(text)
        if not lowered or lowered in LAYOUT_ONLY:
            continue
        for label in LABELS:
            if lowered.startswith(label):
                lowered = lowered[len(label) :].strip()
        if not lowered:
            continue
        if _MONTH_CELL.match(text.strip()):
            months.append(parse_month(text.strip()))
            continue
        phrases.append(lowered)
    return phrases, months


def page_text(html_text: str) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html_text, flags=re.S)
    return normalise(re.sub(r"<[^>]+>", " ", body))

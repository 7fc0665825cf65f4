"""Staff write notice text in Markdown; this turns it into safe HTML.

Two walls: markdown-it runs with raw HTML disabled (so typed tags show as
text), and nh3 then keeps only the tags and attributes a notice needs. Images
are not allowed at all, so neither a reader's browser nor the PDF renderer is
ever sent to a URL taken from the content.
"""

import html
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "hr",
    "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
# No style attributes: the Content-Security-Policy would block them anyway.
# "*" is every tag: left out, nh3 keeps `title` and `lang` on all of them, and a link
# title is a tooltip that keyboard and touch readers never see.
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "*": set()}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Headings typed in a section body sit under the section's own heading (h2 or
# h3), so "#" becomes h3 and so on down, keeping the page outline sound. A heading
# goes at most one level below the one before it ("##" typed first is an h3, not
# an h4): headings never skip a level, in the page or in the PDF's tags (PDF/UA).
_HEADING_OFFSET = 2


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")

    def heading_open(renderer, tokens, idx, options, env):
        token = tokens[idx]
        deepest = env.get("heading_level", _HEADING_OFFSET) + 1
        level = min(int(token.tag[1]) + _HEADING_OFFSET, deepest, 6)
        env["heading_level"] = level
        token.tag = f"h{level}"
        if idx + 2 < len(tokens) and tokens[idx + 2].type == "heading_close":
            tokens[idx + 2].tag = token.tag
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("heading_open", heading_open)
    return md


def render_markdown(text: str) -> SafeString:
    """Markdown in, HTML that is safe to put on any page or in any PDF out."""
    if not text:
        return mark_safe("")  # noqa: S308 - an empty string
    rendered = _parser().render(text)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        # Every link also gets nh3's default rel="noopener noreferrer" (tested).
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 above


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup, for feeds, exports and search."""
    rendered = _parser().render(text or "")
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())

"""Staff-written Markdown renders the seeds' structure, and raw HTML never runs."""

import re
from html.parser import HTMLParser

from decisions.markup import plain_text, render_markdown


class _Tags(HTMLParser):
    """The real tags and attributes in a piece of HTML (escaped text is not a tag)."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html):
    for tag, attrs in _Tags(html).tags:
        assert tag not in {"script", "img", "iframe", "svg", "object", "embed", "style"}, html
        assert not any(name.startswith("on") for name in attrs), html
        assert not attrs.get("href", "").lower().startswith(("javascript", "data")), html


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "![x](https://tracker.example/pixel.png)",
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
]


def test_numbered_paragraphs_keep_their_numbers():
    assert '<ol start="6">' in render_markdown("6. The PCC has been provided with details.")


def test_it_renders_lists_bold_lead_ins_tables_and_headings_below_the_sections_own():
    html = render_markdown(
        "### The Challenge\n\n- **Customers:** wider choice\n\n| Gate | Milestone |\n"
        "|---|---|\n| 0 | July-2013 |"
    )
    # Typed first under a section's h2, any heading is the level just below it.
    assert "<h3>The Challenge</h3>" in html and "<h5>" not in html
    assert "<strong>Customers:</strong>" in html
    assert "<td>July-2013</td>" in html


def test_a_typed_heading_never_skips_a_level_below_the_one_before():
    html = render_markdown("## First\n\n#### Two down\n\n# Back up\n\n### Two down again")
    assert re.findall(r"<(h\d)>", html) == ["h3", "h4", "h3", "h4"]


def test_hostile_markup_renders_inert():
    for payload in PAYLOADS:
        assert_inert(render_markdown(payload))


def test_plain_text_has_the_words_without_the_markup():
    assert plain_text("**Bold** and <b>tags</b> &amp; more") == "Bold and <b>tags</b> & more"


def test_it_gives_no_words_for_a_text_left_blank():
    # A notice's summary or reasons left blank must read as nothing in the feed, the
    # open data and the search index.
    assert plain_text("") == "" and plain_text(None) == ""
    assert render_markdown("") == ""


def test_it_links_only_to_web_and_mail_addresses_and_gives_them_no_hold_on_the_page():
    html = render_markdown("[web](https://example.org), [mail](mailto:a@example.org), "
                           "[file](ftp://example.org/f)")  # fmt: skip
    assert '<a href="https://example.org" rel="noopener noreferrer">web</a>' in html
    assert '<a href="mailto:a@example.org" rel="noopener noreferrer">mail</a>' in html
    assert '<a rel="noopener noreferrer">file</a>' in html


def test_a_link_keeps_only_its_address():
    # A Markdown link title becomes a hover tooltip that keyboard and touch readers never
    # see, and the PDF drops it: a notice's words belong in its text, so only the
    # address survives.
    html = render_markdown('[the plan](https://example.org "Read the plan")')
    assert _Tags(html).tags == [
        ("p", {}),
        ("a", {"href": "https://example.org", "rel": "noopener noreferrer"}),
    ]


def test_a_listed_summary_is_its_first_forty_words_however_long_the_text():
    from django.template.defaultfilters import truncatewords

    from decisions.templatetags.notice_tags import summary_words

    opening = "The **Commissioner** funds [the plan](https://example.org) for rural teams."
    long_text = "\n\n".join([opening, "- one\n- two"] + ["Another paragraph of words."] * 400)
    for text in (long_text, opening, "", "- a\n- b\n- c " * 30):
        assert summary_words(text, 40) == truncatewords(plain_text(text), 40), text[:40]

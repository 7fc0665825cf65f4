import re

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from decisions.markup import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render staff-written Markdown as sanitised HTML."""
    return render_markdown(text)


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


@register.filter(is_safe=True)
def headings_shifted(html, levels):
    """Rendered HTML with every heading `levels` lower (h1 -> h2 for 1), so a whole
    notice can sit under a page's own heading and the outline still nests. The input
    is our rendered, escaped HTML: "<h" in it can only open or close a heading."""
    levels = int(levels)

    def shifted(match):
        return f"<{match[1]}h{min(int(match[2]) + levels, 6)}"

    return mark_safe(_HEADING_TAG.sub(shifted, str(html)))  # noqa: S308 - see above


@register.filter
def month(value):
    """A gateway milestone month: 'July 2013'."""
    return value.strftime("%B %Y") if value else ""


@register.filter
def plain(text):
    """Markdown as plain words, for summaries in lists."""
    from decisions.markup import plain_text

    return plain_text(text)


@register.filter
def summary_words(text, count=40):
    """The first `count` words of a Markdown summary, as plain words. Only the opening
    paragraphs are read (a list of twenty summaries would parse them all): cut at a
    paragraph's end, so no bold or link is left open, and only once they hold twice the
    words asked for, so list markers and other markup never leave too few."""
    from django.utils.text import Truncator

    from decisions.markup import plain_text

    opening, length = [], 0
    for paragraph in (text or "").split("\n\n"):
        opening.append(paragraph)
        length += len(paragraph.split())
        if length > 2 * count:
            break
    return Truncator(plain_text("\n\n".join(opening))).words(count, truncate=" …")


@register.simple_tag
def select_options(field):
    """A filter's <option>s, the chosen one selected, as Django's Select draws them.
    Drawn here, not by the widget's templates: those include one template per option,
    which was half the cost of a register page."""
    current = field.value()
    current = "" if current is None else str(current)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) == current else "", label)  # noqa: S308
            for value, label in field.field.choices
        ),
    )

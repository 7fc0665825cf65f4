from django import template

from decisions.markup import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render staff-written Markdown as sanitised HTML."""
    return render_markdown(text)


@register.filter
def month(value):
    """A gateway milestone month: 'July 2013'."""
    return value.strftime("%B %Y") if value else ""

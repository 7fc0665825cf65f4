"""The office's own words, in every template (a builtin: no {% load %} needed).

Offices are led by a Police and Crime Commissioner, a Police, Fire and Crime
Commissioner, or a Mayor with a Deputy Mayor for Policing and Crime: the words come
from settings, never from the templates, so PDFs drawn without a request get them too.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def decision_maker():
    """Who signs, as a sentence names them after 'the': 'Commissioner', 'Mayor'."""
    return settings.DECISION_MAKER


@register.simple_tag
def decision_maker_title():
    """The full title: 'Police and Crime Commissioner'."""
    return settings.DECISION_MAKER_TITLE

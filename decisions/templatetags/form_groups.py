"""The drafting form in the groups a drafter works through, not Django's order.

Django's admin shows every fieldset and then every inline, so a decision's sections sat
a screen below its text and its gateways below the papers. Here each inline follows the
fieldset it belongs with (the admin's `inline_placement`, by inline prefix); inlines
placed nowhere follow, in their own order.
"""

from django import template

register = template.Library()


@register.simple_tag
def form_groups(adminform, inline_admin_formsets, placement):
    """(fieldset, the inlines after it) for each fieldset, then the inlines left over."""
    unplaced = {inline.formset.prefix: inline for inline in inline_admin_formsets}
    groups = [
        (fieldset, [unplaced.pop(p) for p in placement.get(fieldset.name, ()) if p in unplaced])
        for fieldset in adminform
    ]
    return {"groups": groups, "rest": list(unplaced.values())}

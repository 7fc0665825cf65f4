"""A text box holds up to TEXT_LIMIT characters, and a longer paste is refused by name
and limit with the rest of the form kept.

In the browser (static/staff/text-limits.js) an over-long box stops the form being sent:
the message appears at the box and everything typed stays where it is. Without script
the server refuses the field with the same words and shows the form again, so long as
the whole form is under DATA_UPLOAD_MAX_MEMORY_SIZE; beyond that, the 413 page
(decisions.public.site.bad_request) says nothing was saved and to go back.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

# About 15,000 words: far beyond any notice's longest part, far below the form's limit.
TEXT_LIMIT = 100_000


def too_long(label: str) -> str:
    return (
        f"{label} is %(show_value)d characters long, and can hold up to {TEXT_LIMIT:,}. "
        "Shorten it, or attach a long document as an annex."
    )


class TextLimits:
    """For a ModelAdmin or inline: every text box gets the limit, checked both sides."""

    class Media:
        js = ["staff/text-limits.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.TextField) and field is not None:
            label = str(db_field.verbose_name).capitalize()
            field.validators.append(MaxLengthValidator(TEXT_LIMIT, message=too_long(label)))
            field.widget.attrs["data-max-length"] = TEXT_LIMIT
        return field

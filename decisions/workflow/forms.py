"""The confirmation form of each workflow step. A form's field names are its step
function's arguments, so the admin passes them on as they are (arguments())."""

import inspect

from django import forms
from django.utils import timezone

from decisions.models import BoardMeeting, InterestDeclaration


class StepForm(forms.Form):
    """Carries the version of the decision the user saw, to refuse stale pages."""

    version = forms.CharField(widget=forms.HiddenInput)

    def arguments(self, function) -> dict:
        """The cleaned fields that `function` takes, by name."""
        taken = inspect.signature(function).parameters
        return {name: value for name, value in self.cleaned_data.items() if name in taken}


def text_form(name: str, label: str, *, required: bool = True, help_text: str = ""):
    """A step form of one text field, e.g. text_form("reason", "Why it goes back to draft")."""
    field = forms.CharField(
        label=label, required=required, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    return type(f"{name.capitalize()}Form", (StepForm,), {name: field})


class PutToBoardForm(StepForm):
    meeting = forms.ModelChoiceField(
        queryset=BoardMeeting.objects.none(),
        empty_label=None,
        help_text="Meetings still to come.",
    )
    is_private = forms.BooleanField(
        label="Taken in private", required=False, help_text="Never shown on the public agenda."
    )
    report_title = forms.CharField(
        max_length=300, required=False, help_text="Defaults to the title."
    )
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    background = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    recommendations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        initial="The Board is asked to comment on the contents of this report.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            BoardMeeting.objects.filter(date__gte=timezone.localdate())
            .select_related("board")
            .order_by("date")
        )


class SignedPageForm(StepForm):
    # The digest of what the sign page shows (notices.signing_digest): signing is
    # refused if the notice no longer matches it.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)


class SignForm(SignedPageForm):
    declaration = forms.ChoiceField(
        label="Declaration of interests",
        widget=forms.RadioSelect,
        choices=[
            (InterestDeclaration.NONE, "I have no disclosable pecuniary interest in this decision"),
            (InterestDeclaration.DECLARED, "I declare an interest, described below"),
        ],
    )
    interests = forms.CharField(
        label="The interest, in words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I have read the notice above, and it is my decision as proposed.",
        error_messages={"required": "Confirm that you have read the notice before signing."},
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("declaration") == InterestDeclaration.DECLARED
            and not (data.get("interests") or "").strip()
        ):
            self.add_error("interests", "Describe the interest you declare, or declare none.")
        return data


class AmendmentForm(StepForm):
    change_note = forms.CharField(
        label="Public change note",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Published with the notice: what changes, and why.",
    )
    body = forms.CharField(
        label="Amended text (Markdown)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

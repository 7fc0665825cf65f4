from django import forms

from decisions.models import AlertFrequency, AlertScope, Board
from decisions.public.finding import clean_query

QUERY_MAX_LENGTH = 100


def radios(label, choices, message):
    """A question answered by one of `choices` (the first is chosen to begin with), with
    one message for an answer missing or not among them, as GOV.UK's radios ask."""
    return forms.ChoiceField(
        label=label,
        choices=choices.choices,
        initial=choices.values[0],
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send one email to check it is yours. Nothing else is sent until you confirm.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the right form, like name@example.com",
            "max_length": "An email address must be 254 characters or fewer",
        },
    )
    scope = radios(
        "What do you want to hear about?", AlertScope, "Choose what you want to hear about"
    )
    board = forms.ModelChoiceField(
        label="Board",
        queryset=Board.objects.order_by("name"),
        required=False,
        empty_label="Choose a board",
        error_messages={"invalid_choice": "Choose a board from the list"},
    )
    query = forms.CharField(
        label="Search words",
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text="As you would type them into the register's search, for example "
        "“violence against women”.",
        error_messages={"max_length": "Search words must be 100 characters or fewer"},
    )
    frequency = radios("How often?", AlertFrequency, "Choose how often you want an email")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_query(self):
        return clean_query(self.cleaned_data.get("query", ""))

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == AlertScope.BOARD and not data.get("board"):
            self.add_error("board", "Choose the board whose decisions you want to hear about")
        if scope == AlertScope.SEARCH and not data.get("query"):
            self.add_error("query", "Enter the words to search for")
        # Only what the choice needs is kept.
        if scope != AlertScope.BOARD:
            data["board"] = None
        if scope != AlertScope.SEARCH:
            data["query"] = ""
        return data

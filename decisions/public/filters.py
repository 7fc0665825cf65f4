"""The register's search and filters, read from the URL so any search can be shared."""

from django import forms
from django.db.models import Exists, OuterRef

from decisions.models import Amendment, Board, Decision
from decisions.models.parts import AmendmentKind
from decisions.public.counting import published_years
from decisions.public.search import MAX_QUERY_LENGTH, clean_query, search

STATUS_CHOICES = [
    ("", "Any status"),
    ("published", "In force"),
    ("amended", "Amended"),
    ("withdrawn", "Withdrawn"),
]


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label="Search decisions", required=False, max_length=10_000)
    year = forms.TypedChoiceField(
        label="Year",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "There are no decisions from that year. Choose a year "
                        "from the list."},
    )  # fmt: skip
    board = forms.ChoiceField(
        label="Board",
        required=False,
        error_messages={"invalid_choice": "There is no such board. Choose one from the list."},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=STATUS_CHOICES,
        error_messages={"invalid_choice": "Choose a status from the list."},
    )

    def __init__(self, data, *, years, boards):
        super().__init__(data)
        self.fields["year"].choices = [("", "Any year")] + [(str(y), str(y)) for y in years]
        self.fields["board"].choices = [("", "Any board")] + [(b.slug, b.name) for b in boards]
        for name, field in self.fields.items():
            field.widget.attrs["id"] = f"filter-{name}"
        self.fields["q"].widget.attrs.update({"type": "search", "class": "govuk-input"})
        for name in ("year", "board", "status"):
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def clean_q(self):
        text = self.cleaned_data["q"]
        if len(text) > MAX_QUERY_LENGTH:
            self.add_error(None, f"Only the first {MAX_QUERY_LENGTH} characters were searched for.")
        return clean_query(text)

    def apply(self, queryset):
        """Narrow the published decisions. Filters a reader got wrong are left out, not fatal."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        if year := data.get("year"):
            queryset = queryset.filter(signed_at__year=year)
        if board := data.get("board"):
            queryset = queryset.filter(
                Exists(
                    Decision.objects.filter(
                        pk=OuterRef("pk"), agenda_items__meeting__board__slug=board
                    )
                )
            )
        status = data.get("status")
        amended = Exists(
            Amendment.objects.filter(
                decision=OuterRef("pk"), kind=AmendmentKind.AMENDMENT, signed_at__isnull=False
            )
        )
        if status == "published":
            queryset = queryset.in_force()
        elif status == "amended":
            queryset = queryset.filter(amended)
        elif status == "withdrawn":
            queryset = queryset.withdrawn()
        if text := data.get("q"):
            queryset = search(queryset, text)
        return queryset

    @property
    def query_text(self) -> str:
        return (getattr(self, "cleaned_data", None) or {}).get("q", "")


def register_filters(params):
    years = published_years()
    boards = list(Board.objects.order_by("name"))
    form = RegisterFilterForm(params, years=years, boards=boards)
    form.is_valid()  # errors are shown; valid filters still apply
    return form

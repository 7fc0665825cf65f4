import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from decisions.models import Annex, BackgroundPaper, ForwardPlanEntry, GatewayRow
from decisions.months import parse_month


class MonthField(forms.Field):
    """A month and year, typed the way the seeds print it: 'July 2013' or 'Oct-2013'."""

    widget = forms.TextInput(attrs={"placeholder": "e.g. July 2013", "size": 12})
    default_error_messages = {
        "invalid": "Enter a month and year, like July 2013 or 2013-07.",
    }

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%B %Y")
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        month = parse_month(str(value))
        if month is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return month


class GatewayRowForm(forms.ModelForm):
    milestone_planned = MonthField(label="Milestone (planned)")
    milestone_actual = MonthField(label="Milestone (met)", required=False)

    class Meta:
        model = GatewayRow
        fields = ["gate", "description", "milestone_planned", "milestone_actual"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2, "cols": 60})}


class _DocumentForm(forms.ModelForm):
    """Keeps the name the file was uploaded with, for display; it is stored under another."""

    url = forms.URLField(label="Link", required=False, max_length=500, assume_scheme="https")

    def save(self, commit=True):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self.instance.original_filename = upload.name[:255]
        return super().save(commit)


class AnnexForm(_DocumentForm):
    class Meta:
        model = Annex
        fields = ["order", "label", "title", "file", "url"]


class BackgroundPaperForm(_DocumentForm):
    class Meta:
        model = BackgroundPaper
        fields = ["order", "title", "file", "url"]


class ForwardPlanForm(forms.ModelForm):
    expected_month = MonthField(label="Expected in")

    class Meta:
        model = ForwardPlanEntry
        fields = ["title", "expected_month", "description", "removed_reason"]

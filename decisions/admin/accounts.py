"""Staff accounts: an administrator adds one with a username, a name, an email address
and a role, and its owner does the rest (decisions/accounts.py)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from decisions import roles
from decisions.accounts import invite
from decisions.models import Board, Signatory

User = get_user_model()
ROLES = [roles.DRAFTER, roles.BOARD_MEMBER, roles.COMMISSIONER]


class NewStaffForm(forms.ModelForm):
    role = forms.ModelChoiceField(
        queryset=Group.objects.filter(name__in=ROLES).order_by("name"),
        help_text="What they do here. More roles can be given on the next page.",
    )
    boards = forms.ModelMultipleChoiceField(
        queryset=Board.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For a board member: the boards whose drafts they read and comment on "
        "(left empty where the office has one board: that one).",
    )
    signs_as = forms.CharField(
        required=False,
        max_length=Signatory._meta.get_field("title").max_length,
        label="Signs as",
        help_text=(
            "For a Commissioner or Deputy: the title printed under their signature, e.g. "
            "Police and Crime Commissioner for Northshire (left empty: the office's "
            "DECISION_MAKER_TITLE). Their term starts today; change it under Signatories."
        ),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["email"].help_text = (
            "Where the invitation to choose a password is sent, and where the register "
            "tells them what is waiting on them."
        )

    def clean_email(self):
        # A reset link goes to every account with the address: one address, one account.
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Another account already has this email address.")
        return email

    def clean(self):
        # A name, an email and a role are enough: the rest defaults where it can.
        cleaned = super().clean()
        role = cleaned.get("role")
        if role and role.name == roles.BOARD_MEMBER and not cleaned.get("boards"):
            only_board = Board.objects.all()[:2]
            if len(only_board) == 1:
                cleaned["boards"] = only_board
            else:
                self.add_error("boards", "Choose the boards a board member sits on.")
        if role and role.name == roles.COMMISSIONER and not cleaned.get("signs_as", "").strip():
            cleaned["signs_as"] = settings.DECISION_MAKER_TITLE
        return cleaned


class StaffAccountAdmin(UserAdmin):
    add_form = NewStaffForm
    add_fieldsets = [
        (
            None,
            {
                "description": (
                    "The new account has no password. Its owner is emailed a link to "
                    "choose one, and sets up their authenticator app at first sign-in."
                ),
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "boards",
                    "signs_as",
                ],
            },
        )
    ]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        obj.set_unusable_password()
        obj.is_staff = True
        super().save_model(request, obj, form, change)
        role = form.cleaned_data["role"]
        obj.groups.add(role)
        if role.name == roles.BOARD_MEMBER:
            for board in form.cleaned_data["boards"]:
                board.members.add(obj)
        if role.name == roles.COMMISSIONER:
            Signatory.objects.create(
                name=obj.get_full_name(),
                title=form.cleaned_data["signs_as"].strip(),
                user=obj,
                term_start=timezone.localdate(),
            )
        transaction.on_commit(lambda: invite(obj, invited_by=request.user))
        messages.info(request, f"An invitation to choose a password was sent to {obj.email}.")


admin.site.unregister(User)
admin.site.register(User, StaffAccountAdmin)

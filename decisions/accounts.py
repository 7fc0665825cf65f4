"""A new member of staff needs nothing from an administrator but their account.

The administrator gives a username, a name, an email address and a role. The account
has no password: an email invites its owner to choose one, through the same signed,
single-use link as a password reset, and their first sign-in sets up the authenticator
(decisions/admin/enrolment.py). Should the invitation lapse, asking for a password reset
sends a new one: Django's reset skips accounts without a usable password, as it cannot
tell them from accounts that sign in elsewhere, but here every account signs in here.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from decisions import audit
from decisions.models import AuditAction


def link_context() -> dict:
    """An emailed link's address: on SITE_URL, whatever host the request came in on."""
    site = urlsplit(settings.SITE_URL)
    return {"protocol": site.scheme, "domain": site.netloc, "site_name": settings.OFFICE_NAME}


def invite(user, invited_by) -> None:
    """Email a new account's owner the link to choose a password, and log it."""
    context = {
        **link_context(),
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "valid_for": timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        "invited_by": invited_by,
    }
    PasswordResetForm().send_mail(
        "registration/invitation_subject.txt",
        "registration/invitation_email.txt",
        context,
        settings.DEFAULT_FROM_EMAIL,
        user.email,
    )
    audit.record(AuditAction.INVITED, user=invited_by, username=user.get_username())


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form, which also reaches an account that has not yet chosen a
    password (its invitation lapsed). Inactive accounts are still never sent a link."""

    def get_users(self, email):
        email_field = get_user_model().get_email_field_name()
        return get_user_model()._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )

"""Staff sign in with one form: username, password and the code from their
authenticator app (or a backup code), checked together.

django-otp's own admin form asked for the password first, told whether it was right,
and then asked the user to pick a "device" and press "Get OTP Challenge". Here a
wrong username, password or code all get the same message, and every failure counts
towards django-axes' lockout, as a wrong password does.
"""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import user_login_failed
from django.core.exceptions import ValidationError
from django_otp import devices_for_user

from decisions.two_factor import has_a_second_factor

NOT_RIGHT = (
    "The username, password or code is not right. Check them and try again; after "
    "several wrong attempts, signing in is paused for a while."
)


def verified_device(user, code: str):
    """The user's confirmed device that accepts this code, or None. Each device's own
    throttling (django-otp's) is respected; a backup code is used up by matching."""
    code = "".join(code.split())
    for device in devices_for_user(user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            return device
    return None


class SignInForm(AdminAuthenticationForm):
    code = forms.CharField(
        label="Code",
        required=False,  # not yet, for an account still to set up its authenticator
        max_length=32,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    error_messages = {**AdminAuthenticationForm.error_messages, "invalid_login": NOT_RIGHT}

    def clean(self):
        code = self.cleaned_data.get("code", "")
        cleaned = super().clean()  # the password; refuses with NOT_RIGHT if wrong
        user = self.get_user()
        if user is not None and not has_a_second_factor(user):
            return cleaned  # its first sign-in: it sets up an authenticator next
        device = verified_device(user, code) if user and code else None
        if device is None:
            # As a wrong password does: the audit log and the lockout count it.
            credentials = {"username": self.cleaned_data.get("username", "")}
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            raise ValidationError(NOT_RIGHT, code="invalid_login")
        user.otp_device = device  # django-otp marks the session verified at login
        return cleaned

"""Staff set up their own second factor and backup codes: no administrator needed.

At the first sign-in of an account with no authenticator, the right username and
password lead to /admin/enrol/: a QR code and its secret for an authenticator app,
confirmed by a code from it; then ten backup codes, shown once. Later, /admin/backup-
codes/ says how many are left and makes a new set (the old ones stop working).
"""

import io

import segno
from django import forms
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from decisions import audit, two_factor
from decisions.models import AuditAction

BACKUP_CODES = 10


class ConfirmForm(forms.Form):
    code = forms.CharField(
        label="The 6-digit code your authenticator app now shows",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _qr_svg(url: str) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", xmldecl=False, svgns=True, scale=5, title="QR code for your app"
    )
    return out.getvalue().decode()


def new_backup_codes(user) -> list[str]:
    """A fresh set of BACKUP_CODES one-time codes; any earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=two_factor.BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@sensitive_post_parameters("code")
@never_cache
def enrol(request, site):
    """Set up an authenticator, for a signed-in account that has no second factor."""
    user = request.user
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return redirect("admin:login")
    if two_factor.has_a_second_factor(user):
        return redirect("admin:index")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # django-otp slows guessing: after a wrong code, the next waits a little.
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", "Too many tries just now: wait a few seconds, then type "
                           "the code the app shows.")  # fmt: skip
        elif device.verify_token("".join(form.cleaned_data["code"].split())):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            audit.record(AuditAction.LOGIN, user=user, detail="authenticator set up")
            return _show_codes(request, site, new_backup_codes(user), _next(request))
        else:
            form.add_error("code", "That code is not right. Type the code the app shows now.")
    context = {
        **site.each_context(request),
        "title": "Set up your authenticator app",
        "form": form,
        "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - SVG made by segno here
        "secret": two_factor.base32_secret(device),
        "next": _next(request),
    }
    return TemplateResponse(request, "admin/enrol.html", context)


def backup_codes(request, site):
    """How many backup codes are left; POST makes a new set, shown once."""
    device = StaticDevice.objects.filter(
        user=request.user, name=two_factor.BACKUP_DEVICE_NAME
    ).first()
    if request.method == "POST":
        return _show_codes(request, site, new_backup_codes(request.user), reverse("admin:index"))
    context = {
        **site.each_context(request),
        "title": "Your backup codes",
        "remaining": device.token_set.count() if device else 0,
    }
    return TemplateResponse(request, "admin/backup_codes.html", context)


def _show_codes(request, site, codes, next_url):
    context = {
        **site.each_context(request),
        "title": "Your new backup codes",
        "codes": codes,
        "next": next_url,
    }
    response = TemplateResponse(request, "admin/backup_codes_made.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _next(request) -> str:
    asked = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    safe = url_has_allowed_host_and_scheme(asked, {request.get_host()}, request.is_secure())
    return asked if asked and safe else reverse("admin:index")


def after_sign_in(request, response):
    """Send a signed-in account without a second factor to set one up."""
    user = request.user
    if (
        isinstance(response, HttpResponseRedirect)
        and user.is_authenticated
        and not two_factor.has_a_second_factor(user)
    ):
        return redirect(f"{reverse('admin:enrol')}?{REDIRECT_FIELD_NAME}={response['Location']}")
    return response

"""Staff reset a forgotten password by email, with Django's own views.

Django's reset never says whether an address has an account. Here, too, a request is
answered the same way whether or not it is sent on; asking is limited per address and
per email (django-ratelimit, counting in the cache: per worker with the local-memory
default, across workers with CACHE_URL=redis://...; it is used without its app, whose
checks do not know Django's own RedisCache); and each request and each reset is in the
audit log. The link in the email is on SITE_URL.
"""

from django.contrib.auth import views as auth_views
from django.template.response import TemplateResponse
from django_ratelimit.core import is_ratelimited

from decisions import audit
from decisions.accounts import StaffPasswordResetForm, link_context
from decisions.models import AuditAction
from decisions.rate_limits import posted_email

PER_ADDRESS = "10/h"
PER_EMAIL = "3/h"


class ResetRequest(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    form_class = StaffPasswordResetForm

    def post(self, request, *args, **kwargs):
        limited = is_ratelimited(
            request, group="password-reset-ip", key="ip", rate=PER_ADDRESS, increment=True
        ) | is_ratelimited(
            request, group="password-reset-email", key=posted_email, rate=PER_EMAIL, increment=True
        )
        email = posted_email(None, request)
        audit.record(
            AuditAction.RESET_REQUESTED,
            username=email,
            detail="refused: too many requests" if limited else "",
            request=request,
        )
        if limited:
            return TemplateResponse(request, "registration/password_reset_limited.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Laid over the email's context last, so the link is on SITE_URL whatever host
        # the request came in on.
        self.extra_email_context = link_context()
        return super().form_valid(form)


class ResetConfirm(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(AuditAction.PASSWORD_RESET, user=form.user, request=self.request)
        return response

"""The audit log: sign-ins, failures, lockouts, and every workflow step, taken or refused.

The request's user and IP are remembered for the length of the request (a
context variable set by AuditMiddleware), so the workflow can log a step without
being handed the request.
"""

import contextvars
import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from decisions.models import AuditAction, AuditEvent

log = logging.getLogger("decisions.audit")
_request = contextvars.ContextVar("audit_request", default=None)


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: a client can forge X-Forwarded-For. Behind a proxy, set
    # the proxy to overwrite REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def record(action, *, user=None, username="", decision=None, detail="", request=None):
    request = request or _request.get()
    if user is None and request is not None and getattr(request, "user", None):
        user = request.user if request.user.is_authenticated else None
    event = AuditEvent.objects.create(
        action=action,
        user=user,
        username=username or (user.get_username() if user else ""),
        ip_address=client_ip(request),
        decision=decision,
        detail=detail[:2000],
    )
    log.info("audit %s user=%s ip=%s %s", action, event.username, event.ip_address, detail)
    return event


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(AuditAction.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    record(AuditAction.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The typed name is kept (trimmed) to spot guessing; passwords never are.
    username = str(credentials.get("username", ""))[:150]
    record(AuditAction.LOGIN_FAILED, username=username, request=request)


def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    record(AuditAction.LOCKED_OUT, username=str(username or "")[:150], request=request)


def connect_lockout_signal():
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="decisions-audit-locked-out")

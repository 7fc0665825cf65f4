"""The reader's side of alerts: /alerts/ to subscribe, and the confirm and unsubscribe
pages their emails link to.

A link in an email is opened by mail scanners as well as by people, so opening one
changes nothing: confirming and unsubscribing are each a button (a POST). The
unsubscribe address also takes RFC 8058's one-click POST from a mail program, which
brings no cookie, so it is exempt from CSRF: its secret token is what makes it safe.

Signing up is limited per network address and per email (django-ratelimit), and a
request is answered the same way whether or not the address is already subscribed,
so the form can neither tell a stranger who reads the alerts nor flood an inbox.
"""

import re

from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from decisions.alerts.forms import SubscribeForm
from decisions.models import AlertScope, Subscription
from decisions.rate_limits import posted_email

PER_ADDRESS = "10/h"
PER_EMAIL = "3/d"


def _page(request, template, context=None, status=200):
    context = {"confirm_days": settings.ALERT_CONFIRM_DAYS, **(context or {})}
    return render(request, template, context, status=status)


def _initial(params) -> dict:
    """From a register search or board page's "Get alerts" link."""
    if params.get("q"):
        return {"scope": AlertScope.SEARCH, "query": params["q"][:100]}
    if params.get("board", "").isdigit():
        return {"scope": AlertScope.BOARD, "board": params["board"]}
    return {}


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        form = SubscribeForm(initial=_initial(request.GET))
        return _page(request, "alerts/subscribe.html", {"form": form})
    form = SubscribeForm(request.POST)
    limited = is_ratelimited(request, group="alerts-ip", key="ip", rate=PER_ADDRESS, increment=True)
    if form.is_valid():
        limited |= is_ratelimited(
            request, group="alerts-email", key=posted_email, rate=PER_EMAIL, increment=True
        )
    if limited:
        # The form is shown again as it was filled in: nothing the reader typed is lost.
        return _page(request, "alerts/subscribe.html", {"form": form, "limited": True}, status=429)
    if not form.is_valid():
        return _page(request, "alerts/subscribe.html", {"form": form})
    _ask_to_confirm(form.cleaned_data)
    return _page(request, "alerts/check_email.html", {"email": form.cleaned_data["email"]})


def _ask_to_confirm(data) -> None:
    from decisions import tasks

    with transaction.atomic():
        # Addresses never confirmed are not kept.
        Subscription.objects.unconfirmed_since(
            timezone.now() - timezone.timedelta(days=settings.ALERT_CONFIRM_DAYS)
        ).delete()
        subscription, _ = Subscription.objects.get_or_create(
            email=data["email"],
            scope=data["scope"],
            board=data["board"],
            query=data["query"],
            frequency=data["frequency"],
        )
        tasks.send_confirmation.enqueue(subscription.pk)


# What new_token() makes: anything else in the address is no token (PostgreSQL refuses
# to compare a NUL byte, so it must never reach the query).
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _subscription(token):
    if not TOKEN.fullmatch(token):
        return None
    return Subscription.objects.select_related("board").filter(token=token).first()


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscription = _subscription(token)
    if subscription is None:
        return _page(request, "alerts/link_gone.html", status=404)
    if request.method == "POST" and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return _page(request, "alerts/confirm.html", {"subscription": subscription})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = _subscription(token)
    if request.method == "POST":
        # One click from the email or the mail program: the address, and everything
        # sent to it, is deleted. Asking again changes nothing and says the same.
        if subscription is not None:
            subscription.delete()
        return _page(request, "alerts/unsubscribed.html")
    if subscription is None:
        return _page(request, "alerts/link_gone.html", status=404)
    return _page(request, "alerts/unsubscribe.html", {"subscription": subscription})

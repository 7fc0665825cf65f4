"""Deactivating a staff account ends its sessions for good.

Django only refuses an inactive user's session while the account stays inactive:
reactivated, the old session worked again, from wherever it was left signed in. So
when an account is deactivated its sessions are deleted. Only staff have sessions
(the public register sets no cookie), so reading each one is cheap.
"""

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db.models.signals import pre_save
from django.utils import timezone

USER_ID = "_auth_user_id"


def end_sessions_of(user_id) -> int:
    """Delete every live session signed in as this user; how many there were."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(USER_ID)) == str(user_id)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def _end_sessions_when_deactivated(sender, instance, **kwargs):
    if instance.pk is None or instance.is_active:
        return
    # In the same transaction as the deactivation: undone with it if it is undone.
    if sender.objects.filter(pk=instance.pk, is_active=True).exists():
        end_sessions_of(instance.pk)


def connect():
    pre_save.connect(
        _end_sessions_when_deactivated,
        sender=get_user_model(),
        dispatch_uid="end-sessions-when-deactivated",
    )

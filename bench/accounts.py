"""The benchmark's drafter and Commissioner (imported by the scripts run in manage.py shell)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from decisions import roles
from decisions.models import Signatory

BENCH_SIGNATORY = "Bench Commissioner"


def bench_accounts():
    User = get_user_model()
    drafter, _ = User.objects.get_or_create(username="bench-drafter", defaults={"is_staff": True})
    drafter.groups.add(Group.objects.get(name=roles.DRAFTER))
    signer, _ = User.objects.get_or_create(
        username="bench-commissioner", defaults={"is_staff": True}
    )
    signer.groups.add(Group.objects.get(name=roles.COMMISSIONER))
    Signatory.objects.get_or_create(
        user=signer,
        defaults={"name": BENCH_SIGNATORY, "title": "Commissioner",
                  "term_start": timezone.localdate()},
    )  # fmt: skip
    return drafter, signer

# Run by bench/run.py inside `manage.py shell`: a decision whose notice holds a table
# of HEAVY_ROWS rows, ready for the bench Commissioner's signature, and a signed-in,
# second-factor-verified session for that Commissioner. Prints one JSON line.
import json
import os
import sys

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY

from decisions import two_factor, workflow
from decisions.models import Decision, Section

sys.path.insert(0, "bench")
from accounts import bench_accounts  # noqa: E402

drafter, signer = bench_accounts()
rows = int(os.environ.get("HEAVY_ROWS", "6000"))
table = "| Item | Cost |\n|---|---|\n" + "".join(
    f"| Line {n} of the estates schedule | £{n * 37 % 9973:,} |\n" for n in range(rows)
)
draft = Decision.objects.create(
    title=f"Estates schedule with {rows:,} lines", executive_summary="A long schedule.",
    decision_text="- that the schedule be approved.", created_by=drafter,
)  # fmt: skip
Section.objects.create(decision=draft, order=1, heading="The schedule", body=table)
workflow.send_urgent_for_signature(draft, by=drafter, reason="Benchmark of a heavy notice")

session = SessionStore()
session[SESSION_KEY] = str(signer.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = signer.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = two_factor.authenticator(signer).persistent_id
session.create()
print(json.dumps({"pk": draft.pk, "session": session.session_key}))

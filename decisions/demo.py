"""Load the demo office from fixtures/demo/*.toml.

Each record is found by its natural key and created only if it is missing,
so the loader can run on every start without duplicating anything or undoing
what a user did in the demo since.
"""

import datetime
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from decisions import two_factor, workflow
from decisions.models import (
    Annex,
    BackgroundPaper,
    Board,
    BoardMeeting,
    Contact,
    Decision,
    DecisionLink,
    ForwardPlanEntry,
    GatewayRow,
    NumberingSeries,
    Section,
    Signatory,
)
from decisions.months import parse_month

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"


def office_settings(directory: Path = DEMO_DIR) -> dict[str, str]:
    """The demo office's settings (office.env, which the Makefile exports too)."""
    lines = (directory / "office.env").read_text("utf-8").splitlines()
    pairs = (line.partition("=") for line in lines if line.strip() and not line.startswith("#"))
    return {name.strip(): value.strip() for name, _, value in pairs}


DEMO_REASON = "Loaded from the demo data"


@dataclass
class DemoAccount:
    username: str
    password: str
    role: str
    secret: str
    backup_codes: list[str]


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    accounts: list[DemoAccount] = field(default_factory=list)


def _noon(day: datetime.date) -> datetime.datetime:
    # The seeds give dates, not times: record them at midday, office time.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def _save(obj, report: LoadReport, label: str):
    obj._change_reason = DEMO_REASON
    obj.save()
    report.created.append(label)
    return obj


class _Loader:
    def __init__(self, directory: Path):
        self.directory = directory
        self.report = LoadReport()
        self.contacts: dict[str, Contact] = {}
        self.signatories: dict[str, Signatory] = {}
        self.meetings: dict[str, BoardMeeting] = {}
        self.users = {}

    def run(self) -> LoadReport:
        office = tomllib.loads((self.directory / "office.toml").read_text("utf-8"))
        self._users(office.get("users", []))
        self._series(office.get("series", []))
        self._contacts(office.get("contacts", []))
        self._signatories(office.get("signatories", []))
        self._boards(office.get("boards", []))
        self._meetings(office.get("meetings", []))
        for path in sorted(self.directory.glob("*.toml")):
            if path.name != "office.toml":
                self._decision(path.stem, tomllib.loads(path.read_text("utf-8")))
        return self.report

    def _users(self, rows):
        User = get_user_model()
        for row in rows:
            user = User.objects.filter(username=row["username"]).first()
            if user is None:
                user = User(username=row["username"])
                for attr in ("first_name", "last_name", "email"):
                    setattr(user, attr, row.get(attr, ""))
                user.is_staff = True
                user.is_superuser = row.get("superuser", False)
                user.set_password(row["password"])
                user.save()
                self.report.created.append(f"user {user.username}")
            elif not user.check_password(row["password"]):
                # The printed demo password must work: put it back if it was changed.
                user.set_password(row["password"])
                user.save(update_fields=["password"])
            if role := row.get("role"):
                user.groups.add(Group.objects.get(name=role))
            self.users[user.username] = user
            # The same authenticator secret on every run, so a phone set up once keeps
            # working; fresh backup codes each run, as each works only once.
            key = hashlib.sha1(f"pccdecisions demo {user.username}".encode()).hexdigest()  # noqa: S324
            device = two_factor.authenticator(user, key_hex=key)
            self.report.accounts.append(
                DemoAccount(
                    username=user.username,
                    password=row["password"],
                    role=row.get("role", "Admin"),
                    secret=two_factor.base32_secret(device),
                    backup_codes=two_factor.backup_codes(user, count=3),
                )
            )

    def _series(self, rows):
        for row in rows:
            if not NumberingSeries.objects.filter(name=row["name"]).exists():
                _save(NumberingSeries(**row), self.report, row["name"])

    def _contacts(self, rows):
        for row in rows:
            key = row.pop("key")
            contact = Contact.objects.filter(name=row["name"], position=row["position"]).first()
            self.contacts[key] = contact or _save(Contact(**row), self.report, row["name"])

    def _signatories(self, rows):
        for row in rows:
            key = row.pop("key")
            username = row.pop("user", None)
            signatory = Signatory.objects.filter(
                name=row["name"], term_start=row["term_start"]
            ).first()
            if signatory is None:
                signatory = Signatory(**row, user=self.users.get(username))
                _save(signatory, self.report, f"signatory {row['name']}")
            self.signatories[key] = signatory

    def _boards(self, rows):
        for row in rows:
            board = Board.objects.filter(slug=row["slug"]).first()
            if board is None:
                board = _save(Board(name=row["name"], slug=row["slug"]), self.report, row["name"])
            board.members.add(*(self.users[name] for name in row.get("members", [])))

    def _meetings(self, rows):
        for row in rows:
            board = Board.objects.get(slug=row["board"])
            if "days_from_today" in row:
                today = timezone.localdate()
                meeting = board.meetings.filter(date__gte=today).order_by("date").first()
                date = today + datetime.timedelta(days=row["days_from_today"])
            else:
                date = row["date"]
                meeting = board.meetings.filter(date=date).first()
            if meeting is None:
                start = row.get("start_time")
                meeting = BoardMeeting(
                    board=board,
                    date=date,
                    start_time=datetime.time.fromisoformat(start) if start else None,
                    place=row.get("place", ""),
                    held_in_public=row.get("held_in_public", True),
                    agenda_published_at=_noon(date) if row.get("agenda_published") else None,
                )
                _save(meeting, self.report, f"meeting {meeting}")
            self.meetings[row["key"]] = meeting

    @transaction.atomic
    def _decision(self, key, data):
        # The decision's first history row names the file it came from, so it is
        # found again however a user has edited it since.
        reason = f"{DEMO_REASON} ({key})"
        if Decision.history.filter(history_type="+", history_change_reason=reason).exists():
            return
        fields = dict(data["decision"])
        reference = fields.get("reference")
        created_on = fields.pop("created_on", None)
        signature = data.get("signature")
        if signature:
            created_on = signature["signed_on"]
        fields["contact_officer"] = self.contacts.get(fields.pop("contact_officer", None))
        fields.pop("reference", None)
        decision = Decision(**fields)
        if created_on:
            decision.created_at = _noon(created_on)
        decision._change_reason = reason
        decision.save()
        self.report.created.append(f"decision {key}")

        for order, row in enumerate(data.get("sections", []), start=1):
            Section.objects.create(decision=decision, order=order, **row)
        for row in data.get("gateways", []):
            GatewayRow.objects.create(
                decision=decision,
                gate=row["gate"],
                description=row["description"],
                milestone_planned=parse_month(row["milestone_planned"]),
                milestone_actual=parse_month(row.get("milestone_actual", "")),
            )
        for order, row in enumerate(data.get("background_papers", []), start=1):
            BackgroundPaper.objects.create(decision=decision, order=order, **row)
        for order, row in enumerate(data.get("annexes", []), start=1):
            Annex.objects.create(decision=decision, order=order, **row)
        for row in data.get("links", []):
            DecisionLink.objects.create(from_decision=decision, **row)

        if plan := data.get("forward_plan"):
            self._plan(decision, plan)
        if board := data.get("board"):
            self._put_to_board(decision, board)
        if signature:
            self._record_signature(decision, reference, signature)

    def _plan(self, decision, plan):
        month = timezone.localdate().replace(day=1)
        for _ in range(plan["months_from_today"]):
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        ForwardPlanEntry.objects.create(
            decision=decision, title=plan["title"], description=plan["description"],
            expected_month=month,
        )  # fmt: skip

    def _put_to_board(self, decision, board):
        workflow.record_board_item(
            decision,
            meeting=self.meetings[board["meeting"]],
            authors=[self.contacts[key] for key in board.get("authors", [])],
            reason=DEMO_REASON,
            report_title=board.get("report_title", ""),
            purpose=board.get("purpose", ""),
            background=board.get("background", ""),
            recommendations=board.get("recommendations", ""),
        )

    def _record_signature(self, decision, reference, signature):
        workflow.record_signed_decision(
            decision,
            reference=reference,
            signatory=self.signatories[signature["signatory"]],
            signed_on=signature["signed_on"],
            declaration=signature["declaration"],
            reason=DEMO_REASON,
        )


def load_demo(directory: Path = DEMO_DIR) -> LoadReport:
    return _Loader(directory).run()

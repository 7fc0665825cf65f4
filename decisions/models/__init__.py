"""The decision register's data: one module per aggregate.

Models import nothing from views, the admin or the workflow; everything else
imports them from here.
"""

from decisions.models.alerts import (
    AlertDelivery,
    AlertFrequency,
    AlertScope,
    DeliveryStatus,
    Subscription,
)
from decisions.models.audit import AuditAction, AuditEvent
from decisions.models.boards import AgendaItem, Board, BoardComment, BoardMeeting
from decisions.models.contacts import Contact, Signatory
from decisions.models.decision import (
    Decision,
    DecisionMakerRole,
    DecisionStatus,
    InterestDeclaration,
)
from decisions.models.forward_plan import ForwardPlanEntry
from decisions.models.lookups import AnyOf  # registers pk__any_of
from decisions.models.numbering import NumberingSeries, Period
from decisions.models.panel_report import PanelReport
from decisions.models.parts import (
    Amendment,
    Annex,
    BackgroundPaper,
    ConfidentialPart,
    DecisionLink,
    GatewayRow,
    Section,
)
from decisions.models.publication import LogEntry, NoticeDocument, NoticeVersion, VersionEvent
from decisions.models.register_version import RegisterVersion
from decisions.models.reviews import ReleaseReview, ReviewOutcome, ReviewReminder

__all__ = [
    "AlertDelivery",
    "AlertFrequency",
    "AlertScope",
    "AnyOf",
    "DeliveryStatus",
    "Subscription",
    "AgendaItem",
    "AuditAction",
    "AuditEvent",
    "Amendment",
    "Annex",
    "BackgroundPaper",
    "Board",
    "BoardComment",
    "BoardMeeting",
    "ConfidentialPart",
    "Contact",
    "ForwardPlanEntry",
    "Decision",
    "DecisionLink",
    "DecisionMakerRole",
    "DecisionStatus",
    "GatewayRow",
    "InterestDeclaration",
    "LogEntry",
    "NoticeDocument",
    "NoticeVersion",
    "NumberingSeries",
    "PanelReport",
    "Period",
    "RegisterVersion",
    "ReleaseReview",
    "ReviewOutcome",
    "ReviewReminder",
    "Section",
    "Signatory",
    "VersionEvent",
]

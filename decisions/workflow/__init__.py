"""The life of a decision: draft -> with the board -> ready for signature -> signed.

Each step is one function, declared once with @step (steps.py): its states, its
role, its guards with their own messages, its form and its words. The function
checks all of that again under a row lock, sets the state and its timestamp in one
transaction, and records history with the user and a reason. Nothing else writes a
decision's status: the admin derives its buttons and pages from the declarations.
"""

from decisions.workflow.office import (
    comment,
    note_for_signer,
    propose_amendment,
    propose_withdrawal,
    publish_agenda,
    put_to_board,
    recall,
    send_for_signature,
    send_urgent_for_signature,
)
from decisions.workflow.past import record_board_item, record_signed_decision
from decisions.workflow.proposals import decline_proposal, take_back_proposal
from decisions.workflow.release import due_parts, keep_part, release_part
from decisions.workflow.signing import (
    CHANGED_SINCE_SEEN,
    NO_SIGNATORY_TERM,
    amendment_digest,
    pending_amendment,
    send_back,
    sign,
    sign_amendment,
    signatory_for,
)
from decisions.workflow.steps import (
    COMMENT_PERMISSION,
    DRAFT_PERMISSION,
    NEXT_STEP,
    SIGN_PERMISSION,
    STEPS,
    Step,
    TransitionRefused,
    available,
    refusal,
    version_of,
)

__all__ = [
    "CHANGED_SINCE_SEEN", "COMMENT_PERMISSION", "DRAFT_PERMISSION", "NEXT_STEP",
    "NO_SIGNATORY_TERM", "SIGN_PERMISSION", "STEPS", "Step", "TransitionRefused",
    "amendment_digest", "available", "comment", "decline_proposal", "due_parts",
    "keep_part", "note_for_signer", "release_part",
    "pending_amendment", "take_back_proposal",
    "propose_amendment",
    "propose_withdrawal", "publish_agenda", "put_to_board", "recall", "record_board_item",
    "record_signed_decision", "refusal", "send_back", "send_for_signature",
    "send_urgent_for_signature", "sign", "sign_amendment", "signatory_for", "version_of",
]  # fmt: skip

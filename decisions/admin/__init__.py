"""The staff side: where the office drafts, the board comments and the Commissioner signs.

Every change of a decision's state goes through ``decisions.workflow``; the
admin only shows the steps a user may take and confirms them.
"""

from decisions.admin import (  # noqa: F401  (registers the admins)
    accounts,
    boards,
    decision,
    panel_reports,
    registry,
)

"""Who sees what in the admin, beyond Django's model permissions."""

from decisions.workflow import COMMENT_PERMISSION, DRAFT_PERMISSION, SIGN_PERMISSION


def is_board_member_only(user) -> bool:
    """A board member sees only what is on their boards' agendas."""
    return (
        not user.is_superuser
        and user.has_perm(COMMENT_PERMISSION)
        and not user.has_perm(DRAFT_PERMISSION)
        and not user.has_perm(SIGN_PERMISSION)
    )

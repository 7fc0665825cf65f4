"""System checks: what must be true of a deployment before it serves anyone."""

from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def signing_key_is_readable(app_configs, **kwargs):
    """Every notice PDF is signed with the office's key: a deployment without it would
    queue notices it can never publish."""
    from decisions import office_key

    try:
        office_key.certificate_pem()
    except office_key.SigningKeyMissing as missing:
        return [checks.Error(str(missing), id="decisions.E001")]
    except ValueError as unreadable:
        return [
            checks.Error(
                f"The office's signing key or certificate cannot be loaded: {unreadable}",
                hint="They must be PEM files; an encrypted key needs SIGNING_KEY_PASSWORD.",
                id="decisions.E002",
            )
        ]
    return []


@checks.register(checks.Tags.compatibility, deploy=True)
def office_can_be_contacted(app_configs, **kwargs):
    """The accessibility statement must say how to reach the office (Public Sector Bodies
    Accessibility Regulations 2018); a register without a contact cannot say it."""
    from django.conf import settings

    if settings.OFFICE_EMAIL or settings.OFFICE_PHONE:
        return []
    return [
        checks.Error(
            "Neither OFFICE_EMAIL nor OFFICE_PHONE is set, so the accessibility statement "
            "gives the public no way to contact the office.",
            hint="Set OFFICE_EMAIL (and OFFICE_PHONE) in the environment.",
            id="decisions.E003",
        )
    ]

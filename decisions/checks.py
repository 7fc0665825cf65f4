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

"""Make the untrusted development signing key and certificate, if they are missing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from decisions import office_key


class Command(BaseCommand):
    help = (
        "Write a self-signed development key and certificate to SIGNING_KEY_FILE and "
        "SIGNING_CERTIFICATE_FILE, unless both exist. Named as not trusted: never for an "
        "office's real register."
    )

    def handle(self, *args, **options):
        key = Path(settings.SIGNING_KEY_FILE)
        certificate = Path(settings.SIGNING_CERTIFICATE_FILE)
        made = office_key.make_development_key(key, certificate, organisation=settings.OFFICE_NAME)
        if made:
            self.stdout.write(
                f"Made a development signing key ({key}) and certificate ({certificate}): "
                f"'{office_key.DEVELOPMENT_NAME}'. PDFs signed with it check as valid but "
                "untrusted."
            )
        else:
            self.stdout.write(f"Signing with the key in {key}.")

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from decisions.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo office, its two seed notices and one demo account per role."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo accounts have published passwords and codes: load_demo runs only "
                "with DEBUG on, never in production."
            )
        report = load_demo()
        if report.created:
            self.stdout.write(f"Demo data: created {len(report.created)} records.")
        else:
            self.stdout.write("Demo data: already loaded, nothing changed.")
        self.stdout.write(f"\nDemo accounts: sign in at {settings.SITE_URL}/admin/ with the")
        self.stdout.write("username, the password and, as the code, one of the account's backup")
        self.stdout.write("codes (each works once; new ones are printed at every start) or")
        self.stdout.write("`make code ACCOUNT=drafter`'s answer.\n")
        for account in report.accounts:
            codes = ", ".join(account.backup_codes)
            self.stdout.write(
                f"  {account.role:<13} {account.username:<13} password {account.password:<27}"
                f" codes {codes}"
            )
        self.stdout.write("\nAuthenticator app secrets (the same every run):")
        for account in report.accounts:
            self.stdout.write(f"  {account.username:<13} {account.secret}")
        self.stdout.write("")

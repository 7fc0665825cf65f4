from django.core.management.base import BaseCommand

from decisions.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo office, its two seed notices and one demo account per role."

    def handle(self, *args, **options):
        report = load_demo()
        if report.created:
            self.stdout.write(f"Demo data: created {len(report.created)} records.")
        else:
            self.stdout.write("Demo data: already loaded, nothing changed.")
        self.stdout.write("\nDemo accounts (sign in at /admin/):")
        for username, password, role in report.accounts:
            self.stdout.write(f"  {role:<14} username {username:<14} password {password}")
        self.stdout.write("")

from django.core.management.base import BaseCommand

from decisions.alerts import sending


class Command(BaseCommand):
    help = (
        "Send every email alert that is due and still unsent: retries and digests the "
        "queue could not wait for, or lost. Safe to run at any time, e.g. hourly from cron."
    )

    def handle(self, *args, **options):
        reached = sending.send_due()
        self.stdout.write(f"Alerts sent to {reached} subscriber(s).")

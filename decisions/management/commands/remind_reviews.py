from django.core.management.base import BaseCommand

from decisions.workflow import reminders


class Command(BaseCommand):
    help = (
        "Email the drafters of every confidential part due for review whose reminder has "
        "not been sent: for a queue that lost a task, or one that cannot wait. Safe to run "
        "at any time, e.g. daily from cron."
    )

    def handle(self, *args, **options):
        sent = reminders.send_due()
        self.stdout.write(f"Review reminders sent: {sent}.")

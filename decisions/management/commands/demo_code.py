from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from decisions import two_factor


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (development only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code is for the demo only: it runs only with DEBUG on.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account called {username!r}.")
        device = two_factor.authenticator(user)
        self.stdout.write(two_factor.current_code(device))

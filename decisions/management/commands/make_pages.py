from django.core.management.base import BaseCommand

from decisions import made_pages
from decisions.models import Decision


class Command(BaseCommand):
    help = (
        "Make every published notice's page again (after a deploy: pages made by other "
        "code, templates or settings are never served) and remove the old ones."
    )

    def handle(self, *args, **options):
        made = 0
        published = Decision.objects.published().filter(documents__isnull=False).distinct()
        for slug in published.values_list("slug", flat=True).iterator():
            made += made_pages.make(slug)
        removed = made_pages.remove_old()
        self.stdout.write(f"Made {made} notice page(s); removed {removed} old folder(s).")

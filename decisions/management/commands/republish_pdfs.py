"""Repair what a lost worker or a lost disk left behind: publish every signed version
that has no PDF yet, and write each notice's public copy again from its stored PDF."""

from django.core.management.base import BaseCommand

from decisions import pdf, publishing
from decisions.models import Decision


class Command(BaseCommand):
    help = "Publish signed versions that have no PDF yet, and restore every public PDF copy."

    def handle(self, *args, **options):
        made = 0
        for version in publishing.unpublished_versions():
            publishing.publish(version.pk)
            made += 1
        restored = 0
        for decision in Decision.objects.published().only("pk", "slug"):
            document = decision.documents.first()
            if document is None:
                continue
            with document.file.open("rb") as stored:
                pdf.publish_current_pdf(decision.slug, stored.read())
            restored += 1
        self.stdout.write(f"Published {made} waiting version(s); restored {restored} copies.")

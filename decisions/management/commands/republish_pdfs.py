"""Repair what a lost worker or a lost disk left behind: publish every signed version
that has no PDF yet, make every Panel report asked for and not made, and write each
notice's public copy again from its stored PDF."""

from django.core.management.base import BaseCommand

from decisions import panel_report, pdf, publishing
from decisions.models import Decision


class Command(BaseCommand):
    help = (
        "Publish signed versions that have no PDF yet, make Panel reports asked for and "
        "not made, and restore every public PDF copy."
    )

    def handle(self, *args, **options):
        made = 0
        for version in publishing.unpublished_versions():
            publishing.publish(version.pk)
            made += 1
        reports = 0
        for report in panel_report.unmade():
            panel_report.make(report.pk)
            reports += 1
        restored = 0
        for decision in Decision.objects.published().only("pk", "slug"):
            document = decision.documents.first()
            if document is None:
                continue
            with document.file.open("rb") as stored:
                pdf.publish_current_pdf(decision.slug, stored.read())
            restored += 1
        self.stdout.write(
            f"Published {made} waiting version(s); made {reports} Panel report(s); "
            f"restored {restored} copies."
        )

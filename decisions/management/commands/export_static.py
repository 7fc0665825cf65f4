from pathlib import Path

from django.core.management.base import BaseCommand

from decisions import static_export


class Command(BaseCommand):
    help = (
        "Write the whole public register (notices, PDFs, lists, feeds, open data) as files "
        "a web server or CDN can serve; set STATIC_EXPORT_DIR to the same folder to keep "
        "it up to date after each publication."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--app", default="http://127.0.0.1:8000",
            help="Where nginx passes what is not a file (searches, forms, the admin).",
        )  # fmt: skip
        parser.add_argument("--listen", default="80", help="nginx's listen address or port.")

    def handle(self, *args, directory, app, listen, **options):
        directory.mkdir(parents=True, exist_ok=True)
        written = static_export.export(directory, app=app, listen=listen)
        self.stdout.write(
            f"Wrote {written} file(s) to {directory}; nginx serves them with "
            f"`include {directory.resolve()}/.nginx-server.conf;` in its http block."
        )

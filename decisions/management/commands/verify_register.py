"""python manage.py verify_register BASE_URL [--sample N] [--certificate FILE]"""

from django.core.management.base import BaseCommand, CommandError

from decisions.verification import VerificationFailed, verify


class Command(BaseCommand):
    help = (
        "Check a register from outside: its public log's hash chain and signed head, and "
        "every PDF's SHA-256 and digital signature. Exits non-zero at the first failure."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "base_url", help="The register's address, e.g. https://decisions.example"
        )
        parser.add_argument(
            "--sample", type=int, default=None, help="Check N PDFs chosen at random, not all."
        )
        parser.add_argument(
            "--certificate",
            help="The office's certificate (PEM) to trust, not the one the register serves.",
        )

    def handle(self, *args, base_url, sample, certificate, **options):
        if sample is not None and sample < 0:
            raise CommandError("--sample takes a number of PDFs, 0 or more.")
        pinned = None
        if certificate:
            try:
                with open(certificate, encoding="ascii") as handle:
                    pinned = handle.read()
            except OSError as error:
                raise CommandError(f"Cannot read {certificate}: {error.strerror}") from None
        try:
            report = verify(base_url, sample=sample, certificate_pem=pinned)
        except VerificationFailed as failure:
            raise CommandError(f"FAILED: {failure}") from None
        for note in report.notes:
            self.stderr.write(note)
        self.stdout.write(
            f"OK: {report.entries} log entries chain and the head is signed by the office; "
            f"{report.pdfs_checked} PDFs match the log and carry the office's valid signature."
        )

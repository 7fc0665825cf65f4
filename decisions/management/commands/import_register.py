"""python manage.py import_register INDEX.csv --files DIR [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from decisions import importing


class Command(BaseCommand):
    help = (
        "Bring in the office's earlier register: one CSV row per decision, with its "
        "original signed PDF in the files folder. See the README, 'Adopting pccdecisions'."
    )

    def add_arguments(self, parser):
        parser.add_argument("index", type=Path, help="The CSV index of decisions.")
        parser.add_argument("--files", type=Path, help="The folder holding the PDFs it names.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row, report, change nothing."
        )

    def handle(self, *args, index: Path, files: Path | None, dry_run: bool, **options):
        if not index.is_file():
            raise CommandError(f"There is no file {index}.")
        if files is not None and not files.is_dir():
            raise CommandError(f"There is no folder {files}.")
        pdf_for = importing.files_in(files) if files else (lambda name: None)
        plan = importing.plan(index.read_bytes(), pdf_for)
        for row, reference in plan.already:
            self.stdout.write(f"row {row}: {reference} is already on the register, passed over")
        if plan.problems:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(plan.problems)} problem(s) found: nothing was imported. Correct the "
                "rows named above and run the import again."
            )
        if dry_run:
            self.stdout.write(
                f"Dry run: {len(plan.records)} decision(s) would be imported, "
                f"{len(plan.already)} already on the register. Nothing was changed."
            )
            return
        step = max(1, len(plan.records) // 20)

        def progress(done, total):
            if done % step == 0 or done == total:
                self.stdout.write(f"{done} of {total} imported")

        total = importing.run(plan, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {total} decision(s); {len(plan.already)} already on the register."
            )
        )

from django.core.management.base import BaseCommand, CommandError

from decisions.seeding import seed_register


class Command(BaseCommand):
    help = "Add COUNT realistic signed decisions over 20 years, for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--years", type=int, default=20)
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, years, batch, seed, **options):
        if count < 1 or years < 1 or batch < 1:
            raise CommandError("COUNT, --years and --batch must be at least 1.")
        made = seed_register(
            count, years=years, batch=batch, seed=seed, report=lambda m: self.stdout.write(m)
        )
        self.stdout.write(self.style.SUCCESS(f"Seeded {made} signed decisions."))

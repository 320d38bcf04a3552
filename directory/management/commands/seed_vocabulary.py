from django.core.management.base import BaseCommand

from directory.seeding import seed_default_themes


class Command(BaseCommand):
    help = "Create the default need themes with their synonyms and DfE category mappings (idempotent)."

    def handle(self, *args, **options):
        created = seed_default_themes()
        self.stdout.write(f"Need themes: {created} created.")

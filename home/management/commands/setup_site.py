from django.core.management.base import BaseCommand

from home.site_tree import ensure_site_tree


class Command(BaseCommand):
    help = "Create the home page, the services and organisations indexes and the default site (idempotent)."

    def handle(self, *args, **options):
        tree = ensure_site_tree()
        self.stdout.write(
            f"Site tree ready: {tree.home.url_path} {tree.services.url_path} {tree.organisations.url_path}"
        )

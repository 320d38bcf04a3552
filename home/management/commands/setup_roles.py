from django.core.management.base import BaseCommand

from directory.roles import WORKFLOW_NAME, setup_roles
from home.site_tree import ensure_site_tree


class Command(BaseCommand):
    help = "Create or update the partner editor, moderator and strategy groups and the moderation workflow (idempotent)."

    def handle(self, *args, **options):
        # Lives in home, which owns the site tree: the groups' permissions attach to its sections.
        groups = setup_roles(ensure_site_tree())
        self.stdout.write(
            f"Groups ready: {', '.join(sorted(groups))}; workflow '{WORKFLOW_NAME}' on services and organisations."
        )

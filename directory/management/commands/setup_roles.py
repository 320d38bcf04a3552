from django.core.management.base import BaseCommand

from directory.roles import WORKFLOW_NAME, setup_roles


class Command(BaseCommand):
    help = "Create or update the partner editor, moderator and strategy groups and the moderation workflow (idempotent)."

    def handle(self, *args, **options):
        groups = setup_roles()
        self.stdout.write(
            f"Groups ready: {', '.join(sorted(groups))}; workflow '{WORKFLOW_NAME}' on services and organisations."
        )

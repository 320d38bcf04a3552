"""`python manage.py check_pathways`: the editor's checks for every pathway (latest version,
drafts included). Exits 1 if any pathway has an error; warnings are reported but do not fail."""

from django.core.management.base import BaseCommand

from guidance.models import PathwayPage
from guidance.pathways.graph import Graph
from guidance.pathways.paths import enumerate_paths
from guidance.pathways.validation import full_report


class Command(BaseCommand):
    help = "Check every pathway for broken flows (exit 1 on any error) and print warnings."

    def handle(self, *args, **options):
        failed = 0
        pages = PathwayPage.objects.order_by("path")
        for page in pages:
            latest = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
            graph = Graph.for_page(latest)
            report = full_report(graph)
            state = "live" if page.live else "draft"
            self.stdout.write(
                f"{page.title} ({page.url_path.rstrip('/').rsplit('/', 1)[-1]}, {state}): "
                f"{len(graph.questions)} questions, {len(graph.outcomes)} outcomes, "
                f"{len(enumerate_paths(graph)) if report.ok else 0} paths"
            )
            for problem in report.errors:
                self.stdout.write(
                    self.style.ERROR(f"  ERROR {problem.where.describe(graph)}: {problem.message}")
                )
            for problem in report.warnings:
                self.stdout.write(
                    self.style.WARNING(f"  warning {problem.where.describe(graph)}: {problem.message}")
                )
            failed += bool(report.errors)
        summary = f"{pages.count()} pathways checked, {failed} with errors."
        if failed:
            self.stderr.write(summary)
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(summary))

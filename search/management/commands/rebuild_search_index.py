import sys

from django.core.management.base import BaseCommand, CommandError

from search.backends import get_backend
from search.indexing import rebuild


def progress_bar(out, width: int = 30):
    """A one-line progress bar that redraws in place on a terminal and prints plain lines elsewhere."""
    interactive = getattr(out, "isatty", lambda: False)()

    def show(done: int, total: int) -> None:
        filled = width if not total else int(width * done / total)
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} services"
        if interactive:
            out.write("\r" + line)
            if done >= total:
                out.write("\n")
        else:
            out.write(line + "\n")
        out.flush()

    return show


class Command(BaseCommand):
    help = (
        "Index every live service again in the search backend (SEARCH_BACKEND), with a progress bar. "
        "Elasticsearch gets a new index, swapped in behind the alias only once it is complete."
    )

    def handle(self, *args, **options):
        backend = get_backend()
        self.stdout.write(f"Rebuilding the {backend.name} search index…")
        count = rebuild(progress=progress_bar(sys.stdout if self.stdout._out is sys.stdout else self.stdout))
        failed = getattr(backend, "last_rebuild_error", "")
        if failed:
            raise CommandError(
                f"Indexed {count} live services in the {backend.fallback.name} index, but {backend.name} "
                f"could not be rebuilt and keeps serving its previous index: {failed}"
            )
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} live services."))

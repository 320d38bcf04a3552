from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from tqdm import tqdm

from search.backends import get_backend
from search.indexing import rebuild


class _Unended:
    """A command's output as tqdm's file. tqdm redraws its line with "\r"; Django's OutputWrapper
    would end every write with a newline unless told `ending=""`, which tqdm cannot say."""

    def __init__(self, out: OutputWrapper):
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")

    def flush(self) -> None:
        self.out.flush()


def progress_bar(out: OutputWrapper, unit: str = "services") -> Callable[[int, int], None]:
    """A tqdm progress bar on a management command's output, as a `progress(done, total)` callback
    (the indexing and import code reports progress that way and knows nothing of tqdm)."""
    bar: tqdm | None = None

    def show(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(
                total=total,
                file=_Unended(out),
                ascii=True,
                unit=f" {unit}",
                bar_format="{percentage:3.0f}% |{bar:30}| {n_fmt}/{total_fmt}{unit} [{elapsed}<{remaining}]",
            )
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
            bar = None

    return show


class Command(BaseCommand):
    help = (
        "Index every live service again in the search backend (SEARCH_BACKEND), with a progress bar. "
        "Elasticsearch gets a new index, swapped in behind the alias only once it is complete."
    )

    def handle(self, *args, **options):
        backend = get_backend()
        self.stdout.write(f"Rebuilding the {backend.name} search index…")
        count = rebuild(progress=progress_bar(self.stdout))
        failed = getattr(backend, "last_rebuild_error", "")
        if failed:
            raise CommandError(
                f"Indexed {count} live services in the {backend.fallback.name} index, but {backend.name} "
                f"could not be rebuilt and keeps serving its previous index: {failed}"
            )
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} live services."))

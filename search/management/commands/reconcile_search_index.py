"""Find and repair drift between the live services and the Elasticsearch index: services missing
from it (a publish made while it was down), services it still holds that are no longer live (a
delete it missed), and a mapping that differs from the code's (an index built by another version),
which is repaired by a zero-downtime rebuild. Safe to run at any time, e.g. every few minutes."""

from django.core.management.base import BaseCommand, CommandError

from search.backends import BackendUnavailable, FallbackBackend, get_backend
from search.documents import build_record, services_for_indexing
from search.indexing import rebuild

BATCH = 200


class Command(BaseCommand):
    help = "Repair drift between the live services and the Elasticsearch index (missed writes, old mapping)."

    def handle(self, *args, **options):
        backend = get_backend()
        if not isinstance(backend, FallbackBackend):
            self.stdout.write(
                "The database search index is kept in the same transaction as publishing: nothing to do."
            )
            return
        primary = backend.primary
        try:
            primary.create_index()
            drifted = primary.mapping_drift()
            if drifted:
                self.stdout.write(f"The index mapping differs in {', '.join(drifted)}: rebuilding it.")
                count = rebuild()
                if backend.last_rebuild_error:
                    raise CommandError(f"Rebuild failed: {backend.last_rebuild_error}")
                self.stdout.write(self.style.SUCCESS(f"Rebuilt the index with {count} live services."))
                return
            live = set(services_for_indexing().values_list("pk", flat=True))
            indexed = primary.indexed_ids()
            missing, stale = sorted(live - indexed), sorted(indexed - live)
            for start in range(0, len(missing), BATCH):
                pages = services_for_indexing().filter(pk__in=missing[start : start + BATCH])
                primary.index([build_record(page) for page in pages])
            if stale:
                primary.remove(stale)
        except BackendUnavailable as error:
            raise CommandError(f"Elasticsearch cannot answer: {error.reason}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(live)} live services: indexed {len(missing)} missing, removed {len(stale)} no longer live."
            )
        )

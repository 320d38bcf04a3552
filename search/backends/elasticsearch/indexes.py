"""The index's upkeep: the concrete indexes behind the alias, creating the first one, checking
its mapping for drift, writing and removing documents (with back-off on 429), and `rebuild` (a
new versioned index loaded, then swapped in with one atomic `_aliases` call). `IndexMaintenance`
is mixed into `ElasticsearchBackend`; every cluster error leaves as `BackendUnavailable`.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import Index as DslIndex

from ...documents import ServiceRecord
from ..base import BackendUnavailable
from .faults import _available, error_type_of
from .mapping import bulk_actions, expected_mapping, index_definition, index_settings

logger = logging.getLogger(__name__)

# Creating, deleting and bulk-loading an index may take longer than a search.
ADMIN_TIMEOUT = 60.0
BULK_CHUNK_SIZE = 500
# Publishing a page indexes one service, inside the editor's request: that must fail as fast as a
# search. Only a rebuild-sized batch gets `ADMIN_TIMEOUT`.
SMALL_BATCH = 50
# 429 (too many requests) is retried with exponential back-off: 0.2 s, 0.4 s for a publish (an
# editor is waiting), 1, 2, 4, 8 s for a rebuild.
PUBLISH_RETRIES, PUBLISH_BACKOFF = 2, 0.2
REBUILD_RETRIES, REBUILD_BACKOFF = 4, 1.0


def versioned_name(alias: str) -> str:
    """A new concrete index behind `alias`, sortable by when it was built."""
    return f"{alias}-v{time.strftime('%Y%m%d%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:6]}"


class IndexMaintenance:
    """The index half of `ElasticsearchBackend`, which provides the alias, the replicas, the
    client and the words' weights (forgotten after every write)."""

    index_name: str
    replicas: int
    word_weights: Any
    _client: Callable[[], Elasticsearch]

    @property
    def building_alias(self) -> str:
        """Points at an index being built by `rebuild`, so publishes meanwhile are written there too."""
        return f"{self.index_name}-building"

    @property
    def _admin(self) -> Elasticsearch:
        return self._client().options(request_timeout=ADMIN_TIMEOUT)

    # ------------------------------------------------------------------ the index and its alias

    def index_definition(self, name: str | None = None) -> DslIndex:
        return index_definition(name or self.index_name, replicas=self.replicas)

    def live_indexes(self) -> list[str]:
        """The concrete indexes behind the alias (one, except mid-swap or after an old deploy)."""
        client = self._client()
        with _available("read alias"):
            response = client.options(ignore_status=404).indices.get_alias(name=self.index_name)
            if response.meta.status == 200:
                return sorted(response.body)
            response = client.options(ignore_status=404).indices.get(index=self.index_name)
            return [self.index_name] if response.meta.status == 200 else []

    def _building_indexes(self, client: Elasticsearch) -> list[str]:
        response = client.options(ignore_status=404).indices.get_alias(name=self.building_alias)
        return sorted(response.body) if response.meta.status == 200 else []

    def create_index(self) -> None:
        """Create the first index behind the alias, unless the alias (or an index of that name) exists."""
        client = self._client()
        with _available("create index"):
            if client.indices.exists(index=self.index_name):
                return
            name = f"{self.index_name}-v0"
            response = self._admin.options(ignore_status=400).indices.create(
                index=name,
                settings=index_settings(self.replicas),
                mappings=expected_mapping(),
                aliases={self.index_name: {}},
            )
            if (
                response.meta.status == 400
                and error_type_of(response.body) != "resource_already_exists_exception"
            ):
                raise BackendUnavailable(f"Elasticsearch create index: {response.body}")
            if response.meta.status == 200:
                logger.info("Created Elasticsearch index %s behind %s", name, self.index_name)

    def mapping_drift(self) -> list[str]:
        """Fields whose mapping in the live index differs from `expected_mapping` (empty: none)."""
        client = self._client()
        with _available("read mapping"):
            mappings = client.indices.get_mapping(index=self.index_name).body
        expected_all = expected_mapping()
        expected = expected_all["properties"]
        drifted = set()
        for body in mappings.values():
            if body.get("mappings", {}).get("_source") != expected_all.get("_source"):
                drifted.add("_source")
            actual = body.get("mappings", {}).get("properties", {})
            for field, definition in expected.items():
                if actual.get(field) != definition:
                    drifted.add(field)
            drifted |= set(actual) - set(expected)
        return sorted(drifted)

    # ------------------------------------------------------------------ writing

    def _write(
        self, actions: list[dict[str, Any]], client: Elasticsearch, small: bool, **kwargs: Any
    ) -> None:
        retries, backoff = (PUBLISH_RETRIES, PUBLISH_BACKOFF) if small else (REBUILD_RETRIES, REBUILD_BACKOFF)
        helpers.bulk(
            client,
            actions,
            chunk_size=BULK_CHUNK_SIZE,
            max_retries=retries,
            initial_backoff=backoff,
            max_backoff=8,
            **kwargs,
        )

    def index(self, records: Iterable[ServiceRecord]) -> None:
        records = list(records)
        if not records:
            return
        self.create_index()
        small = len(records) <= SMALL_BATCH
        client = self._client() if small else self._admin
        with _available("index"):
            targets = [self.index_name, *self._building_indexes(client)]
            self._write(list(bulk_actions(records, targets)), client, small)
            self._searchable(client, targets)

    def remove(self, service_ids: Iterable[int]) -> None:
        ids = [str(service_id) for service_id in service_ids]
        if not ids:
            return
        small = len(ids) <= SMALL_BATCH
        client = self._client() if small else self._admin
        with _available("remove"):
            # A delete must never create the index (with a guessed mapping): no index, nothing to remove.
            if not client.indices.exists(index=self.index_name):
                return
            targets = [*self.live_indexes(), *self._building_indexes(client)]
            actions = [{"_op_type": "delete", "_index": name, "_id": id_} for name in targets for id_ in ids]
            self._write(actions, client, small, ignore_status=(404,))
            self._searchable(client, targets)

    def _searchable(self, client: Elasticsearch, targets: list[str]) -> None:
        """Make a write searchable now, whatever its size, then forget the words' weights: a
        search between the write and the periodic refresh would see part of it (an import's
        services missing for a second) and cache weights counted on that part for minutes."""
        try:
            client.indices.refresh(index=targets)
        finally:
            self.word_weights.forget()

    def rebuild(self, batches: Callable[[], Iterable[list[ServiceRecord]]]) -> int:
        """Build a new versioned index from `batches()`, then point the alias at it in one atomic
        step and delete the old ones. Searches see the old index until the swap; any failure
        deletes the new index and leaves the old one serving, never a half-built one."""
        client = self._admin
        new = versioned_name(self.index_name)
        count = 0
        with _available("rebuild"):
            client.indices.create(
                index=new,
                settings={**index_settings(self.replicas), "refresh_interval": "-1"},
                mappings=expected_mapping(),
                aliases={self.building_alias: {}},
            )
        try:
            with _available("rebuild"):
                for batch in batches():
                    self._write(list(bulk_actions(batch, [new])), client, small=False)
                    count += len(batch)
                client.indices.put_settings(index=new, settings={"refresh_interval": None})
                client.indices.refresh(index=new)
                old = self.live_indexes()
                actions: list[dict[str, Any]] = [
                    {"remove": {"index": new, "alias": self.building_alias}},
                    {"add": {"index": new, "alias": self.index_name}},
                ]
                for name in old:
                    if name == self.index_name:  # an index (not an alias) of that name: an old deploy
                        actions.append({"remove_index": {"index": name}})
                    else:
                        actions.append({"remove": {"index": name, "alias": self.index_name}})
                client.indices.update_aliases(actions=actions)
                self.word_weights.forget()  # counted on the old index until the swap
        except BaseException:
            client.options(ignore_status=404).indices.delete(index=new)
            raise
        for name in old:
            if name != self.index_name:
                client.options(ignore_status=404).indices.delete(index=name)
        logger.info("Rebuilt Elasticsearch index %s (%d services) behind %s", new, count, self.index_name)
        return count

    def clear(self) -> None:
        """Replace the live index with an empty one (an atomic swap, like `rebuild`)."""
        self.rebuild(lambda: [])

    def delete_index(self) -> None:
        """Delete the alias's indexes and any being built (test clean-up)."""
        client = self._client()
        with _available("delete index"):
            names = [*self.live_indexes(), *self._building_indexes(client)]
            for name in names:
                self._admin.options(ignore_status=404).indices.delete(index=name)

    def refresh(self) -> None:
        """Make everything indexed so far searchable now (tests; Elasticsearch does it each second)."""
        with _available("refresh"):
            self._admin.indices.refresh(index=self.index_name)

    def count(self) -> int:
        client = self._client()
        with _available("count"):
            response = client.options(ignore_status=404).count(index=self.index_name)
        return int(response.body.get("count", 0)) if response.meta.status == 200 else 0

    def indexed_ids(self) -> set[int]:
        """Every service id in the live index (for `reconcile_search_index`)."""
        client = self._admin
        with _available("scan"):
            return {
                int(hit["_id"])
                for hit in helpers.scan(
                    client, index=self.index_name, query={"query": {"match_all": {}}}, _source=False
                )
            }

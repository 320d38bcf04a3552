"""The embedded search backend: SQLite or PostgreSQL, no other server.

- text: Wagtail's database search (FTS5 on SQLite, tsvector on PostgreSQL) over the stemmed
  `SearchDocument` columns, returning only (id, score) pairs, never page objects;
- place: an indexed bounding-box query on venue coordinates, then the exact distance of each
  candidate (`directory.distances.distances_miles`), plus services whose served area covers the place;
- filters, facets, ranking and paging: numpy over the in-memory `DocumentTable`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

import numpy as np

from directory import geo, review
from directory.distances import bounding_box, distances_miles

from .. import ranking, snapshot, text
from ..documents import ServiceRecord
from ..models import SearchDocument
from ..query import SearchQuery
from ..text import AnalysedText
from . import wagtail_text
from .base import BackendResults, Hit, NearestLocation, SearchBackend

# How a service reaches the searched place ("" when no place was given).
COVERAGE = ("", "venue", "national", "county", "district")
# Kept for callers that imported them from here; the rules live in search.ranking.
nearness = ranking.nearness
OUT_OF_DATE_FACTOR = ranking.OUT_OF_DATE_FACTOR
COVERAGE_NEARNESS = ranking.COVERAGE_NEARNESS


class DatabaseBackend(SearchBackend):
    name = "database"

    # ------------------------------------------------------------------ indexing

    def index(self, records: Iterable[ServiceRecord]) -> None:
        records = list(records)
        if not records:
            return
        with transaction.atomic():
            for record in records:
                document, _ = SearchDocument.objects.update_or_create(
                    service_id=record.service_id, defaults=document_fields(record)
                )
            snapshot.mark_changed()

    def bulk_index(self, records: list[ServiceRecord]) -> None:
        self.bulk_load(records)

    def bulk_load(self, records: Iterable[ServiceRecord], batch_size: int = 500) -> int:
        """Insert many new documents at once (rebuilds and benchmarks); returns how many."""
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        count = 0
        batch: list[SearchDocument] = []
        for record in records:
            batch.append(SearchDocument(service_id=record.service_id, **document_fields(record)))
            if len(batch) >= batch_size:
                count += self._flush(batch, backend)
                batch = []
        count += self._flush(batch, backend)
        snapshot.mark_changed()
        return count

    @staticmethod
    def _flush(batch: list[SearchDocument], backend) -> int:
        if not batch:
            return 0
        SearchDocument.objects.bulk_create(batch, batch_size=len(batch))
        backend.add_bulk(SearchDocument, batch)
        return len(batch)

    # Deleting rows one by one sends post_delete, on which Wagtail drops their text index entries.

    def remove(self, service_ids: Iterable[int]) -> None:
        with transaction.atomic():
            deleted, _ = SearchDocument.objects.filter(service_id__in=list(service_ids)).delete()
            if deleted:
                snapshot.mark_changed()

    def clear(self) -> None:
        with transaction.atomic():
            SearchDocument.objects.all().delete()
            snapshot.mark_changed()

    def count(self) -> int:
        return SearchDocument.objects.count()

    # ------------------------------------------------------------------ searching

    def search(self, query: SearchQuery, analysed: AnalysedText | None) -> BackendResults:
        table = snapshot.current_table()
        n = len(table)
        candidates = np.ones(n, dtype=bool)
        text_scores = np.zeros(n, dtype=float)
        theme_scores = np.zeros(n, dtype=float)
        primary = np.zeros(n, dtype=bool)

        strong, weak, from_words = ranking.needs(query, analysed)
        if strong or weak:
            theme_column = table.columns["theme"]
            theme_scores = ranking.theme_feature(theme_column.any_of(strong), theme_column.any_of(weak))
            positions = [theme_column.values.index(t) for t in strong if t in theme_column.values]
            primary = np.isin(table.primary_theme, positions) if positions else primary
        if from_words:
            text_scores = self._text_scores(table, ranking.query_terms(analysed))
            candidates &= ranking.candidates(text_scores, theme_scores, bool(strong or weak))

        distances = np.full(n, np.inf)
        nearest_venue = np.full(n, -1, dtype=np.int64)
        coverage = np.zeros(n, dtype=np.int8)  # an index into COVERAGE
        if query.place is not None:
            near_mask, distances, nearest_venue = self._near(table, query.place, query.radius_miles)
            covering = table.serving_mask(query.place.district) & ~near_mask
            coverage[near_mask] = COVERAGE.index("venue")
            coverage[covering & table.national] = COVERAGE.index("national")
            coverage[covering & table.county] = COVERAGE.index("county")
            coverage[covering & table.districts] = COVERAGE.index("district")
            candidates &= near_mask | covering

        features = {
            "text": text_scores,
            "theme": theme_scores,
            "primary": primary,
            "distances": distances,
        }
        rows = np.flatnonzero(candidates)
        order = self._order(table, rows, query, analysed, features)
        # One card per service: the best-placed listing of each group stands for it.
        rows = self._one_per_group(table, rows[order]) if query.one_per_service else rows[order]
        representatives = np.zeros(n, dtype=bool)
        representatives[rows] = True

        keep, facets = table.filter_and_count(representatives, query)

        rows = rows[keep[rows]]
        start = (query.page - 1) * query.per_page
        page_rows = rows[start : start + query.per_page]
        venues = self._venues(
            table, [int(nearest_venue[row]) for row in page_rows if nearest_venue[row] >= 0]
        )
        hits = [
            Hit(
                service_id=int(table.ids[row]),
                score=0.0,
                distance_miles=float(distances[row]) if np.isfinite(distances[row]) else None,
                nearest_location=venues.get(int(nearest_venue[row])),
                coverage=COVERAGE[coverage[row]],
                also_in=self._also_in(table, row, candidates) if query.one_per_service else (),
            )
            for row in page_rows
        ]
        return BackendResults(hits=hits, total=len(rows), facets=facets, backend=self.name)

    @staticmethod
    def _one_per_group(table, ordered_rows: np.ndarray) -> np.ndarray:
        """`ordered_rows` with only the first row of each group, order kept."""
        return ordered_rows[ranking.first_per_group(table.group[ordered_rows])]

    @staticmethod
    def _also_in(table, row: int, candidates: np.ndarray) -> tuple[int, ...]:
        """The other listings of this row's service that the search found (their service ids)."""
        group = table.group[row]
        if table.group_sizes[group] < 2:
            return ()
        members = table.group_order[table.group_starts[group] : table.group_starts[group + 1]]
        return tuple(int(table.ids[other]) for other in members if other != row and candidates[other])

    @staticmethod
    def _text_matches(terms: tuple[str, ...]) -> dict[str, list[int]]:
        """Ids of the documents matching each term, from Wagtail's database search (in one query
        on PostgreSQL: `wagtail_text.matching_ids_by_term`).

        Only ids: asking Wagtail for scores makes SQLite compute each match's score with its own
        FTS subquery (seconds at 10,000 services). Relevance is scored from the in-memory table.
        """
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        return wagtail_text.matching_ids_by_term(
            {
                term: backend.search(term, SearchDocument, operator="or", order_by_relevance=False)
                for term in terms
            }
        )

    def _text_scores(self, table, terms: tuple[str, ...]) -> np.ndarray:
        """0–1 per row (search.ranking.text_score): which documents hold each word, and how rare it is."""
        n = len(table)
        body, title, weights = {}, {}, {}
        terms = terms[: ranking.MAX_TERMS]
        matches = self._text_matches(terms)
        for term in terms:
            positions = table.positions(matches[term])
            title_rows = table.title_rows.get(term, snapshot._NO_ROWS)
            if not len(positions) and not len(title_rows):
                weights[term] = ranking.idf(0, n)
                continue
            mask = np.zeros(n, dtype=bool)
            mask[positions] = True
            in_title = np.zeros(n, dtype=bool)
            in_title[title_rows] = True
            body[term], title[term] = mask | in_title, in_title
            weights[term] = ranking.idf(int((mask | in_title).sum()), n)
        return ranking.text_score(body, title, weights, n)

    @staticmethod
    def _near(table, place: geo.Place, radius_miles: float):
        """Rows with a venue within the radius, every row's nearest-venue distance, and that venue's id.

        A bounding-box prefilter on the snapshot's latitude-sorted venue index, then the exact
        distance of every venue inside the box, reduced to each service's nearest with numpy.
        """
        box = bounding_box(place.latitude, place.longitude, radius_miles)
        venues = table.venues
        inside = venues.in_box(*box)
        n = len(table)
        distances = np.full(n, np.inf)
        nearest_venue = np.full(n, -1, dtype=np.int64)
        if len(inside):
            rows = venues.rows[inside]
            measured = distances_miles(
                (place.latitude, place.longitude), venues.latitudes[inside], venues.longitudes[inside]
            )
            np.minimum.at(distances, rows, measured)
            closest = measured == distances[rows]
            nearest_venue[rows[closest]] = venues.ids[inside][closest]
        return distances <= radius_miles, distances, nearest_venue

    @staticmethod
    def _venues(table, venue_ids: list[int]) -> dict[int, NearestLocation]:
        """The name, postcode and coordinates of the nearest venues shown on this page (from the
        snapshot: venues change only with their service, which changes the index token)."""
        venues = table.venues
        found = {}
        for pk in venue_ids:
            position = venues.position(pk)
            if position is not None:
                name, postcode = venues.details.get(pk, ("", ""))
                found[pk] = NearestLocation(
                    name, postcode, float(venues.latitudes[position]), float(venues.longitudes[position])
                )
        return found

    @staticmethod
    def _order(table, rows: np.ndarray, query: SearchQuery, analysed, features) -> np.ndarray:
        """Positions into `rows`, in the requested order; ties broken by name."""
        return ranking.order(
            sort=query.sort,
            name_rank=table.name_rank[rows],
            last_checked=table.last_checked[rows],
            distances=features["distances"][rows],
            radius_miles=query.radius_miles if query.place is not None else None,
            text=features["text"][rows],
            theme=features["theme"][rows],
            primary=features["primary"][rows],
            self_referral=table.self_referral[rows],
            contact_now=table.contact_now[rows],
            safeguarding=table.safeguarding[rows],
            next_review=table.next_review[rows],
            today=review.today().toordinal(),
            out_of_date_after=review.OUT_OF_DATE_AFTER.days,
            crisis=bool(analysed and analysed.crisis),
        )


def document_fields(record: ServiceRecord) -> dict:
    return {
        "name": record.name,
        "slug": record.slug,
        "url": record.url,
        "organisation": record.organisation,
        "summary": record.summary,
        "title_terms": record.title_terms,
        "body_terms": record.body_terms,
        "kind": record.kind,
        "cost": record.cost,
        "age_min": record.age_min,
        "age_max": record.age_max,
        "ages_known": record.ages_known,
        "facet_values": {field: list(codes) for field, codes in record.facets.items()},
        "served_area": record.served_area,
        "served_districts": " ".join(record.served_districts),
        "last_checked": record.last_checked,
        "next_review": record.next_review,
        "primary_theme": record.primary_theme,
        "always_open": record.always_open,
        "vocabulary": text.bounded(f"{record.name} {record.summary} {record.body}"),
    }

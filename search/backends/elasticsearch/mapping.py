"""The index: its settings and mapping (`ServiceDocument`), and each service's document in it.

`document_source` turns a `ServiceRecord` into the `_source` Elasticsearch stores, `bulk_actions`
wraps documents for `helpers.bulk`, and `expected_mapping` is what a live index must still have
(`IndexMaintenance.mapping_drift`). `pack_features` and `unpack_features` write and read the one
field a search reads back. Nothing here talks to the cluster.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import orjson
from elasticsearch.dsl import (
    Binary,
    Boolean,
    Date,
    Document,
    GeoPoint,
    Integer,
    Keyword,
    Long,
    MetaField,
    Object,
    Text,
)
from elasticsearch.dsl import Index as DslIndex

from directory import facets

from ...documents import ServiceRecord
from ...query import MAX_PAGE, PER_PAGE_CHOICES
from ...snapshot import base_name

DEFAULT_INDEX = "rightdoor-services"
# Deep pages must still be reachable: the last page of the largest page size.
MAX_RESULT_WINDOW = MAX_PAGE * max(PER_PAGE_CHOICES)

# Indexed (searched) but not kept in the stored `_source`: the terms, the venues' points (held in
# `venues`), and the packed `features` and `group_id`, which live in doc values.
UNSTORED_FIELDS = ("name_terms", "body_terms", "locations", "features", "group_id")
# What a search reads back of each hit, packed into one binary doc value (`features`): a search
# fetching CANDIDATE_LIMIT hits then reads one column per hit instead of decompressing each hit's
# stored `_source` (or a doc value per field), and the answer is a quarter smaller.
FEATURE_FIELDS = [
    "service_id",
    "name_sort",
    "group",
    "primary_theme",
    "always_open",
    "served_area",
    "served_districts",
    "last_checked",
    "next_review",
    "venues",
    "age_min",
    "age_max",
    # Every filter's codes: ranking reads the themes, ways in and modes, and `parse_response`
    # applies the filters to each service's card.
    *facets.FIELDS,
]


def _terms_field():
    """Terms produced by `search.text`, split on spaces and matched exactly. Scores come from
    constant-score clauses, so no norms or term frequencies are kept."""
    return Text(analyzer="whitespace", norms=False, index_options="docs")


class ServiceDocument(Document):
    """One live service: what search filters, ranks and reports from a `ServiceRecord`."""

    service_id = Integer()
    name = Keyword(index=False, doc_values=False)  # for people reading the index
    # One card per service: organisation and base name (`snapshot.base_name`), as the database groups.
    group = Keyword()
    # The group as a number (`group_number`), for counting services: a `cardinality` of a number
    # costs the node a third to half less than one of a keyword's terms.
    group_id = Long(index=False)
    primary_theme = Keyword()
    always_open = Boolean()
    name_sort = Keyword()  # name.casefold(): the database backend's name order
    name_terms = _terms_field()  # ServiceRecord.title_terms
    body_terms = _terms_field()  # ServiceRecord.body_terms (summary and body)
    # Every facet's codes, one keyword field each (`directory.facets`), added below the class.
    served_area = Keyword()
    served_districts = Keyword(multi=True)
    age_min = Integer()
    age_max = Integer()
    last_checked = Date()
    next_review = Date()
    # Every venue's point, for geo_distance and the decays; `venues` holds the same venues with
    # their names and postcodes (for people reading the index; a search reads them in `features`).
    locations = GeoPoint(multi=True)
    venues = Object(enabled=False)
    # FEATURE_FIELDS of the document, packed (`pack_features`): what a search reads back.
    features = Binary(doc_values=True)

    class Index:
        name = DEFAULT_INDEX

    class Meta:
        dynamic = MetaField("strict")
        # The terms (and the venues' points, held in `venues`) are searched, never read back, and
        # the features are read from doc values: the stored `_source` is for people reading it.
        source = MetaField(excludes=list(UNSTORED_FIELDS))


for _facet in facets.FACETS:
    # A filter keeps a document holding any chosen code; a facet is a `terms` count of the field.
    ServiceDocument._doc_type.mapping.field(_facet.field, Keyword(multi=True))


def index_settings(replicas: int = 1) -> dict[str, Any]:
    return {"number_of_shards": 1, "number_of_replicas": replicas, "max_result_window": MAX_RESULT_WINDOW}


def index_definition(name: str = DEFAULT_INDEX, *, replicas: int = 1) -> DslIndex:
    """The index (settings and mapping) under `name`."""
    index = ServiceDocument._index.clone(name=name)
    index.settings(**index_settings(replicas))
    return index


def expected_mapping() -> dict[str, Any]:
    """The mapping this code writes and reads: a live index with another one has drifted."""
    return index_definition().to_dict()["mappings"]


def group_number(key: str) -> int:
    """A group key as a signed 64-bit number (its BLAKE2b digest): two of a directory's groups
    share one with a chance far below one in a billion."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def group_key(organisation: str, name: str) -> str:
    """The listings of one service share this key: the database backend's group (organisation and
    the name without its place suffix)."""
    return f"{organisation}\x1f{base_name(name)}"


def pack_features(source: Mapping[str, Any]) -> str:
    """A document's FEATURE_FIELDS as the `features` doc value: a JSON array in FEATURE_FIELDS
    order, each venue as [lat, lon, name, postcode], base64-encoded (a binary field's form)."""
    values = [source.get(field) for field in FEATURE_FIELDS]
    values[FEATURE_FIELDS.index("venues")] = [
        [
            float(venue["location"]["lat"]),
            float(venue["location"]["lon"]),
            venue.get("name", ""),
            venue.get("postcode", ""),
        ]
        for venue in source.get("venues") or ()
    ]
    return base64.b64encode(orjson.dumps(values)).decode("ascii")


def unpack_features(packed: str) -> dict[str, Any]:
    """The FEATURE_FIELDS of a hit's `features` doc value, by name (venues as [lat, lon, name, postcode])."""
    return dict(zip(FEATURE_FIELDS, orjson.loads(base64.b64decode(packed)), strict=True))


def document_source(record: ServiceRecord) -> dict[str, Any]:
    """A record as the `_source` of its document: terms as text, dates in ISO form, venues as
    lat/lon, and its features packed (`pack_features`)."""
    source = {
        "service_id": record.service_id,
        "name": record.name,
        "name_sort": record.name.casefold(),
        "group": group_key(record.organisation, record.name),
        "primary_theme": record.primary_theme,
        "always_open": bool(record.always_open),
        "name_terms": record.title_terms,
        "body_terms": record.body_terms,
        **{field: list(record.codes(field)) for field in facets.FIELDS},
        "served_area": record.served_area,
        "served_districts": list(record.served_districts),
        "age_min": record.age_min,
        "age_max": record.age_max,
        "last_checked": record.last_checked.isoformat(),
        "next_review": record.next_review.isoformat() if record.next_review else None,
        "locations": [{"lat": venue.latitude, "lon": venue.longitude} for venue in record.locations],
        "venues": [
            {
                "name": venue.name,
                "postcode": venue.postcode,
                "district": venue.district,
                "location": {"lat": venue.latitude, "lon": venue.longitude},
            }
            for venue in record.locations
        ],
    }
    source["group_id"] = group_number(source["group"])
    source["features"] = pack_features(source)
    return source


def bulk_actions(records: Iterable[ServiceRecord], index_names: Iterable[str]) -> Iterator[dict[str, Any]]:
    """`helpers.bulk` actions that add or replace each record's document (id = service id) in
    every one of `index_names` (during a rebuild: the live index and the one being built)."""
    if isinstance(index_names, str):
        index_names = [index_names]
    names = list(index_names)
    for record in records:
        source = document_source(record)
        for name in names:
            yield {"_op_type": "index", "_index": name, "_id": str(record.service_id), "_source": source}

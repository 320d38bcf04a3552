"""The Elasticsearch backend: the same answers as the database backend, from an Elasticsearch 8 cluster.

Chosen with SEARCH_BACKEND = "elasticsearch" and ELASTICSEARCH_URL (ELASTICSEARCH_INDEX names the
alias searches go to, "rightdoor-services" by default; see `faults.client_options` for credentials
and TLS). `search.backends.get_backend` puts the database backend behind it: whenever the cluster
cannot answer (down, hung, refusing our credentials, not Elasticsearch at all, an index whose mapping has
drifted, ...) every method here raises `BackendUnavailable` with a `reason` safe to show in
/healthz, and the database backend answers instead.

**One analysis pipeline for both backends.** Nothing is analysed in Elasticsearch: the document
holds the terms `search.text` already produced for the database backend (English stems, accents
folded, stop words dropped) in fields with the core `whitespace` analyser, and the themes a
family's words describe ("partner hurts me" -> domestic-abuse) are found in Python too
(`AnalysedText.themes`), so the index needs no `snowball`, `synonym_graph` or `pattern_replace`
(Elastic's minimal distribution has none of them) and a vocabulary change needs no new index.

The answers are the database backend's (`search/backends/database.py`), with its own functions:

- the words' weights: one `size: 0` request counts the services holding each word (`ranking.idf`);
- candidates (Elasticsearch): the rule of `ranking.candidates` (any word in the name or body; with
  a detected need, the need or most of the weighted words, by `min_score`), and with a place a
  venue within the radius or a served area covering it;
- up to CANDIDATE_LIMIT listings come back with the features ranking needs (one packed doc value) and, per
  hit, which words matched where (`matched_queries`), approximately ordered (`preorder_query`);
- the order, one card per service (`also_in`, the nearest listing standing for its group), and,
  when every candidate was fetched, the filters and facet counts over the cards are computed in
  Python by `search.ranking` and `columns.FilterColumns`, the code the database backend runs;
  a larger answer is filtered in `post_filter` and counted by a `cardinality` of the group key;
- distances and nearest venues are measured with `directory.distances.distances_miles` over the venues in
  the database backend's bounding box.

See docs/elasticsearch.md ("Ranking") for the bound and what differs above it.

**Indexes behind an alias.** Searches and writes go to the alias (ELASTICSEARCH_INDEX). `rebuild`
builds a new versioned index, loads it, and swaps the alias in one atomic `_aliases` call, so a
search never sees a half-built index; publishes during a rebuild are written to both.

`queries.build_search` and `responses.parse_response` are pure: the tests check the request body and read a
hand-written response, as well as running everything against a live node.

The modules, one concept each:

- `mapping`: the index's settings and mapping, and a service's document (`document_source`);
- `queries`: the requests a search sends (`build_search` and the rest), pure;
- `responses`: reading the answers (`parse_response`), pure;
- `faults`: every failure as `BackendUnavailable` with a reason, and the client's options;
- `indexes`: the index's upkeep behind the alias (create, write, remove, `rebuild`);
- `backend`: `ElasticsearchBackend`, searching in at most three requests, and the words' weights cache.
"""

from .backend import ElasticsearchBackend

__all__ = ["ElasticsearchBackend"]

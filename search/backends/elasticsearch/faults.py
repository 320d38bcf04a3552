"""How the cluster fails to answer, in words: every error the client raises becomes
`BackendUnavailable` with a reason safe for /healthz and the log (`reason_for`, and `_available`
around each call), and the client's connection options (`client_options`: credentials, TLS, the
timeout and retries) that decide how soon it fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from elastic_transport import (
    ApiResponseMeta,
    ConnectionError,
    ConnectionTimeout,
    HttpHeaders,
    NodeConfig,
    TlsError,
    TransportError,
)
from elasticsearch import OrjsonSerializer, helpers
from elasticsearch.exceptions import HTTP_EXCEPTIONS, ApiError, UnsupportedProductError

from ..base import BackendUnavailable

# A search page must not wait on a struggling cluster: after this it falls back to the database.
REQUEST_TIMEOUT = 2.0


def _error_type(error: ApiError) -> str:
    """Elasticsearch's name for an error ("index_not_found_exception"), from its body."""
    body = error.body
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        return str(body["error"].get("type", ""))
    return str(error.message)


def reason_for(error: BaseException) -> str:
    """Why the cluster could not answer, in words safe for /healthz and the log: never a URL, a
    host name or a credential."""
    if isinstance(error, BackendUnavailable):
        return error.reason
    if isinstance(error, ConnectionTimeout):
        return "timed out"
    if isinstance(error, TlsError):
        return "TLS failed (certificate, CA or fingerprint)"
    if isinstance(error, ConnectionError):
        return "unreachable"
    if isinstance(error, TransportError):
        return "transport error"
    if isinstance(error, UnsupportedProductError):
        return "the server is not Elasticsearch"
    if isinstance(error, helpers.BulkIndexError):
        statuses = sorted({_bulk_item_status(item) for item in error.errors})
        types = sorted({_bulk_item_type(item) for item in error.errors} - {""})
        if "cluster_block_exception" in types:
            return f"the index is read-only (cluster block: disk flood stage?); {len(error.errors)} writes refused"
        return f"{len(error.errors)} documents rejected (status {statuses}; {', '.join(types) or 'error'})"
    if isinstance(error, ApiError):
        error_type = _error_type(error)
        if error_type == "cluster_block_exception":
            return "the index is read-only (cluster block: disk flood stage?)"
        if error.status_code == 401:
            return "authentication failed (401): check ELASTICSEARCH_API_KEY or the user and password"
        if error.status_code == 403:
            return "not authorised (403): the credentials lack a privilege on the index"
        if error.status_code == 404 and error_type == "index_not_found_exception":
            return "the index is not built: run rebuild_search_index"
        if error.status_code == 429:
            return "overloaded (429 too many requests)"
        if error.status_code == 400:
            return f"request rejected (400 {error_type}): the index mapping has drifted; run rebuild_search_index"
        if error.status_code >= 500:
            return f"server error ({error.status_code} {error_type})"
        return f"error {error.status_code} {error_type}"
    return type(error).__name__


def _bulk_item_status(item: Mapping[str, Any]) -> int:
    return int(next(iter(item.values()), {}).get("status", 0))


def _bulk_item_type(item: Mapping[str, Any]) -> str:
    error = next(iter(item.values()), {}).get("error")
    return str(error.get("type", "")) if isinstance(error, Mapping) else ""


class _Available:
    """Turn every way the cluster can fail to answer into `BackendUnavailable` with a reason."""

    def __init__(self, action: str):
        self.action = action

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is None or isinstance(error, BackendUnavailable):
            return False
        if isinstance(error, ApiError | TransportError | helpers.BulkIndexError):
            reason = reason_for(error)
            raise BackendUnavailable(f"Elasticsearch {self.action}: {reason}", reason) from error
        return False


def _available(action: str) -> _Available:
    return _Available(action)


def item_error(item: Mapping[str, Any]) -> BackendUnavailable:
    """`BackendUnavailable` for one search of an `_msearch` that the node refused (the request
    as a whole answers 200; each refused search holds its `error` and `status`), with the reason
    `reason_for` gives the same refusal of a single search."""
    status = int(item.get("status") or 500)
    error_class = HTTP_EXCEPTIONS.get(status, ApiError)
    meta = ApiResponseMeta(status, "1.1", HttpHeaders(), 0.0, NodeConfig("http", "localhost", 9200))
    reason = reason_for(error_class(message=error_type_of(item) or "error", meta=meta, body=item))
    return BackendUnavailable(f"Elasticsearch search: {reason}", reason)


def error_type_of(body: Any) -> str:
    """Elasticsearch's name for an error, from a response body ("" if it holds none)."""
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        return str(body["error"].get("type", ""))
    return ""


# ---------------------------------------------------------------------------- connecting


def client_options(
    url: str,
    *,
    api_key: str = "",
    username: str = "",
    password: str = "",
    ca_certs: str = "",
    fingerprint: str = "",
    verify_certs: bool = True,
    timeout: float = REQUEST_TIMEOUT,
) -> dict[str, Any]:
    """The `Elasticsearch(...)` keyword arguments for a URL and production credentials: an API key
    (preferred) or basic auth, TLS verified against a CA bundle or pinned by the certificate's
    SHA-256 fingerprint. One retry for a dropped connection; a timeout is not retried, so a hung
    cluster costs one `timeout` before the database answers (and the circuit breaker then skips it)."""
    options: dict[str, Any] = {
        "request_timeout": timeout,
        "max_retries": 1,
        "retry_on_timeout": False,
        # 429 and 5xx are not retried at once by the transport: bulk writes back off and retry
        # 429 themselves (`_write`), and a search falls back rather than asking twice.
        "retry_on_status": (),
        # A search reads 500 hits' features: orjson decodes them several times faster than json.
        "serializer": OrjsonSerializer(),
    }
    if api_key:
        options["api_key"] = api_key
    elif username:
        options["basic_auth"] = (username, password)
    if url.startswith("https"):
        if fingerprint:
            options["ssl_assert_fingerprint"] = fingerprint.replace(":", "").lower()
            options["verify_certs"] = False
        else:
            options["verify_certs"] = verify_certs
            if ca_certs:
                options["ca_certs"] = ca_certs
    return options

"""Helpers for the tests that need Elasticsearch: the live node's URL (or why there is none), and
real local servers that behave like a broken cluster or a cable that can be cut."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")


def es_skip_reason() -> str:
    return (
        "ELASTICSEARCH_URL is not set: no Elasticsearch node to test against. Run `make services` "
        "(or `make elasticsearch`) to start one on http://127.0.0.1:9200; `make test` then uses it, "
        "or export ELASTICSEARCH_URL=http://127.0.0.1:9200"
    )


class FakeCluster:
    """A real HTTP server on 127.0.0.1 answering every request with one status, body and headers,
    like a cluster that refuses us (401, 403, 429, 400) or a server that is not Elasticsearch.
    `requests` records (method, path, headers) of what it was sent."""

    def __init__(
        self,
        status: int = 200,
        body: dict | None = None,
        headers: dict | None = None,
        *,
        respond=None,
        tls: tuple[str, str] | None = None,
    ):
        self.status, self.body = status, body or {}
        self.headers = {"X-Elastic-Product": "Elasticsearch", **(headers or {})}
        self.requests: list[tuple[str, str, dict]] = []
        # respond(method, path) -> (status, body) overrides the fixed answer, request by request.
        self.respond = respond
        self.tls = tls
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                fake.requests.append((self.command, self.path, dict(self.headers)))
                status, body = fake.status, fake.body
                if fake.respond is not None:
                    status, body = fake.respond(self.command, self.path)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for name, value in fake.headers.items():
                    if value is not None:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeCluster:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def self_signed_certificate(directory) -> tuple[str, str, str]:
    """A certificate for 127.0.0.1 made with openssl: (certificate path, key path, SHA-256 fingerprint)."""
    cert, key = str(directory / "node.crt"), str(directory / "node.key")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            key,
            "-out",
            cert,
        ],
        check=True,
        capture_output=True,
    )
    fingerprint = (
        subprocess.run(
            ["openssl", "x509", "-in", cert, "-noout", "-fingerprint", "-sha256"],
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .split("=", 1)[1]
    )
    return cert, key, fingerprint


def error_body(status: int, error_type: str) -> dict:
    return {
        "error": {"root_cause": [{"type": error_type, "reason": "test"}], "type": error_type},
        "status": status,
    }


class Cable:
    """A TCP proxy on 127.0.0.1 to a real node that can be cut (connections refused from then on)
    or made to hang (connections accepted, nothing forwarded): the node going away mid-traffic,
    without touching the shared node itself."""

    def __init__(self, target_url: str):
        host_port = target_url.split("://", 1)[1].rstrip("/")
        host, port = host_port.rsplit(":", 1)
        self.target = (host, int(port))
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.state = "connected"  # or "hung" or "cut"
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.sockets.append(client)
            if self.state == "hung":
                continue  # accepted, never answered
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while self.state == "connected":
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _drop_connections(self):
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
                except OSError:
                    pass
            self.sockets.clear()

    def hang(self):
        """Keep accepting connections and answer none of them (a hung cluster)."""
        self.state = "hung"
        self._drop_connections()

    def cut(self):
        """Refuse every connection from now on (the node stopped)."""
        self.state = "cut"
        self.listener.close()
        self._drop_connections()

    def close(self):
        self.cut()

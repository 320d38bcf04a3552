"""Helpers for the production-readiness tests: production settings in a child process, free ports,
and throwaway Redis and PostgreSQL servers (never the shared ones).

Whatever a test needs that this machine lacks (redis-server, PostgreSQL's binaries) skips it with the
reason printed, so it never passes without having run.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from loadtest.servers import free_port, start_throwaway_redis

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def production_env(**overrides: str) -> dict[str, str]:
    """A clean environment with every variable the production settings require."""
    keep = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG", "TMPDIR"}}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "rightdoor.example",
        "DATABASE_URL": "postgres://rightdoor:not-a-real-password@db.internal:5432/rightdoor",
        "REDIS_URL": "redis://:also-not-real@redis.internal:6379/0",
        "PYTHONDONTWRITEBYTECODE": "1",
        **overrides,
    }


def skip_with_reason(reason: str):
    print(f"\nSkipped: {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_server(tmp_path):
    """A throwaway redis-server on a free port: yields (url, stop)."""
    started = start_throwaway_redis(tmp_path)
    if started is None:
        skip_with_reason("redis-server is not installed (apt-get install redis-server)")
    url, process = started

    def stop():
        if process.poll() is None:
            process.kill()
            process.wait(10)

    yield url, stop
    stop()


PG_BIN = Path("/usr/lib/postgresql/15/bin")


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own in a temporary folder, on a free port, run as the `postgres`
    OS user (the server refuses to run as root). Never the shared server on port 5432."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.log = folder / "postgres.log"

    def _as_postgres(
        self, *args: str, check: bool = True, timeout: float = 60
    ) -> subprocess.CompletedProcess:
        command = [str(a) for a in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=timeout)

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, user="postgres", group="postgres")
        self._as_postgres(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        self._as_postgres(
            PG_BIN / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.log,
            "-w",
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def accepts_connections(self) -> bool:
        result = subprocess.run(
            [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-t", "1"],
            capture_output=True,
        )
        return result.returncode == 0

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def throwaway_postgres(tmp_path_factory):
    if not (PG_BIN / "initdb").exists():
        skip_with_reason(f"PostgreSQL's server binaries are not installed at {PG_BIN}")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        skip_with_reason("running as root without runuser: cannot start PostgreSQL as the postgres user")
    folder = Path("/tmp") / f"rightdoor-pg-{secrets.token_hex(4)}"
    cluster = ThrowawayPostgres(folder)
    try:
        cluster.init()
        cluster.start()
    except subprocess.CalledProcessError as error:
        shutil.rmtree(folder, ignore_errors=True)
        skip_with_reason(f"could not start a throwaway PostgreSQL cluster: {error.stderr.strip()[-300:]}")
    yield cluster
    cluster.stop("immediate")
    shutil.rmtree(folder, ignore_errors=True)

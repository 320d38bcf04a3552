"""Local servers started for a run and thrown away: a free port, waiting for a listener, Redis.

Shared by `make loadtest` and the fault tests (`tests/production/`), which start the same throwaway
servers: nothing here touches the machine's own PostgreSQL or Redis.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def start_gunicorn(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """gunicorn with `config/gunicorn.py` and the given environment, its output to `log_path`."""
    with open(log_path, "w") as log:  # the child keeps its own copy of the file
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 15.0, process: subprocess.Popen | None = None) -> None:
    """Return once something listens on 127.0.0.1:`port`; fail if `process` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}) before listening on port {port}")
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {timeout:.0f} s")


def start_throwaway_redis(folder: Path) -> tuple[str, subprocess.Popen] | None:
    """A redis-server on a free port that keeps nothing on disk: (url, process), or None when
    redis-server is not installed."""
    binary = shutil.which("redis-server")
    if not binary:
        return None
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, 10, process)
    except Exception:
        process.kill()
        raise
    return f"redis://127.0.0.1:{port}/0", process

"""A small asyncio HTTP/1.1 load generator: N concurrent clients, keep-alive, for a bounded time.

Written here rather than using a tool because none is installed on these machines (no wrk, ab or
hey), and kept in asyncio (one thread) so that the driver takes as little as possible of the two
cores it shares with the server it measures. Every client is a fresh visitor: no cookies.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class PhaseResult:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    def summary(self) -> dict:
        ordered = sorted(self.latencies_ms)

        def pct(p: float) -> float:
            if not ordered:
                return 0.0
            return round(ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))], 1)

        summary = {
            "rps": round(len(ordered) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "errors": self.errors,
            "requests": len(ordered) + self.errors,
        }
        if self.error_kinds:
            summary["error_kinds"] = dict(self.error_kinds)
        return summary


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nUser-Agent: rightdoor-loadtest\r\nAccept: text/html\r\n\r\n"
        self.writer.write(request.encode())
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed before the response")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            body = b"".join(parts)
        else:
            body = await self.reader.read()
            await self.close()
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, body


async def _run(
    host: str,
    port: int,
    pick: Callable[[random.Random], str],
    clients: int,
    seconds: float,
    seed: int,
    ok_statuses: Sequence[int],
    on_tick: Callable[[], None] | None,
) -> PhaseResult:
    result = PhaseResult()
    deadline = time.monotonic() + seconds

    async def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        connection = Connection(host, port)
        try:
            while time.monotonic() < deadline:
                path = pick(rng)
                started = time.perf_counter()
                try:
                    status, _ = await asyncio.wait_for(connection.get(path), timeout=30)
                except (
                    TimeoutError,
                    OSError,
                    ConnectionError,
                    asyncio.IncompleteReadError,
                    ValueError,
                ) as error:
                    result.error(type(error).__name__)
                    await connection.close()
                    continue
                if status in ok_statuses:
                    result.latencies_ms.append((time.perf_counter() - started) * 1000)
                else:
                    result.error(f"HTTP {status}")
        finally:
            await connection.close()

    async def ticker() -> None:
        while time.monotonic() < deadline:
            await asyncio.sleep(1)
            if on_tick:
                on_tick()

    began = time.monotonic()
    await asyncio.gather(ticker(), *(client(n) for n in range(clients)))
    result.seconds = time.monotonic() - began
    return result


def drive(
    host: str,
    port: int,
    pick: Callable[[random.Random], str],
    *,
    clients: int = 50,
    seconds: float = 20.0,
    seed: int = 1,
    ok_statuses: Sequence[int] = (200,),
    on_tick: Callable[[], None] | None = None,
) -> PhaseResult:
    """`clients` concurrent keep-alive clients, each asking for `pick(rng)` again and again."""
    return asyncio.run(_run(host, port, pick, clients, seconds, seed, ok_statuses, on_tick))

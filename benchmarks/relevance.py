"""`make relevance`: how often search opens the right door, on the demo directory.

Runs a judged query file against the demo directory through the same code as
`/search/?format=json` (Django's test client, so the view, the query parser, the analysis, the
backend and the serializer are all the real ones), once without a place and once near a postcode,
on each backend that answers, and prints per query and overall:

- S@1: the first result carries one of the expected need themes;
- P@5: the share of the first five results that do (a short list counts its missing places as misses);
- crisis: for queries flagged `crisis`, a self-referral service of an expected theme is in the top 3;
- wrong corrections: the search changed the spelling of a query not flagged `typo`.

The query file (default `shared/data/relevance/dev-queries.tsv`, looked for next to the repository
and in the folders above it; any file of the same format with QUERIES=path) is tab-separated:
query, expected theme slugs (comma-separated, any counts), flags (comma-separated: crisis, typo);
lines starting with # are comments.

The demo is loaded once into a scratch SQLite file in the temporary folder, keyed by a hash of the
code and demo content it depends on, and reused while that is unchanged, so a run after a ranking
change takes seconds. Nothing here is imported by the site: it lives outside the Django apps.

    python benchmarks/relevance.py [--queries PATH] [--near "PR1 2HE"] [--backend database] [-v]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SCRATCH = Path(tempfile.gettempdir()) / "rightdoor-relevance"
DEFAULT_QUERIES = Path("shared") / "data" / "relevance" / "dev-queries.tsv"
DEFAULT_NEAR = "PR1 2HE"
# What the scratch directory's pages are built from: when any of it changes, the demo is loaded
# again. The search index is rebuilt on every run (seconds), so ranking and analysis changes
# never need a reload.
BUILD_INPUTS = (
    "demo",
    "directory/vocabulary.py",
    "directory/seeding.py",
    "directory/models",
    "directory/migrations",
    "guidance/migrations",
    "search/migrations",
    "home/migrations",
    "openreferral/migrations",
)


@dataclass(frozen=True)
class Judged:
    query: str
    expected: frozenset[str]
    crisis: bool
    typo: bool


def default_queries() -> Path:
    """`shared/data/relevance/dev-queries.tsv` beside the repository or beside a folder above it."""
    for folder in REPOSITORY.parents:
        candidate = folder / DEFAULT_QUERIES
        if candidate.is_file():
            return candidate
    return REPOSITORY.parent / DEFAULT_QUERIES


def read_queries(path: Path) -> list[Judged]:
    judged = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) < 2:
            raise SystemExit(f"{path}:{number}: expected 'query<TAB>themes[<TAB>flags]', got {line!r}")
        flags = {flag.strip() for flag in (columns[2] if len(columns) > 2 else "").split(",") if flag.strip()}
        judged.append(
            Judged(
                query=columns[0].strip(),
                expected=frozenset(theme.strip() for theme in columns[1].split(",") if theme.strip()),
                crisis="crisis" in flags,
                typo="typo" in flags,
            )
        )
    return judged


def build_key() -> str:
    digest = hashlib.sha256()
    for folder in BUILD_INPUTS:
        root = REPOSITORY / folder
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file() and path.suffix in {".py", ".json", ".csv", ".txt", ".tsv", ".yaml"}:
                if "tests" in path.parts or "__pycache__" in path.parts:
                    continue
                digest.update(str(path.relative_to(REPOSITORY)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def scratch_database() -> Path:
    """The scratch SQLite file with the demo loaded, built in a child process if missing."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    database = SCRATCH / f"demo-{build_key()}.sqlite3"
    if database.exists():
        return database
    for stale in SCRATCH.glob("demo-*.sqlite3*"):
        stale.unlink()
    partial = database.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    print(f"Loading the demo directory into {database} (once; reused while the code is unchanged)…")
    env = child_env(partial)
    for command in (["migrate", "--no-input", "-v", "0"], ["load_demo", "--quiet-logins"]):
        subprocess.run(
            [sys.executable, str(REPOSITORY / "manage.py"), *command],
            cwd=REPOSITORY,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    partial.rename(database)
    return database


def child_env(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        SEARCH_BACKEND="database",
        REDIS_URL="",
    )
    env.pop("ELASTICSEARCH_URL", None)
    return env


def elasticsearch_url() -> str:
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        return ""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_cluster/health", timeout=3):
            return url
    except OSError:
        return ""


# ---------------------------------------------------------------------------- measuring


@dataclass
class Scores:
    rows: list[tuple] = field(default_factory=list)
    s1: int = 0
    p5: float = 0.0
    crisis_total: int = 0
    crisis_hits: int = 0
    wrong_corrections: int = 0

    def add(self, judged: Judged, results: list[dict], corrected: str | None) -> None:
        themed = [bool(judged.expected & set(result["themes"])) for result in results[:5]]
        s1 = bool(themed[:1] and themed[0])
        p5 = sum(themed) / 5
        crisis = None
        if judged.crisis:
            crisis = any(
                judged.expected & set(result["themes"]) and "self_referral" in result["access_routes"]
                for result in results[:3]
            )
            self.crisis_total += 1
            self.crisis_hits += bool(crisis)
        wrong = bool(corrected) and not judged.typo
        self.s1 += s1
        self.p5 += p5
        self.wrong_corrections += wrong
        self.rows.append((judged, s1, p5, crisis, corrected, wrong, results[:5]))

    def summary(self) -> dict:
        count = max(len(self.rows), 1)
        return {
            "S@1": round(self.s1 / count, 3),
            "P@5": round(self.p5 / count, 3),
            "crisis": f"{self.crisis_hits}/{self.crisis_total}",
            "wrong_corrections": self.wrong_corrections,
        }


def measure(judged: list[Judged], near: str, verbose: bool) -> dict[str, dict]:
    """Runs in the child process, with Django set up on the scratch database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from search import backends, snapshot
    from search import service as search_service

    call_command("rebuild_search_index", verbosity=0)  # with this code's analysis (database only)

    backend_names = ["database"]
    es_url = elasticsearch_url()
    report: dict[str, dict] = {}
    if es_url:
        backend_names.append("elasticsearch")
    else:
        report["elasticsearch"] = {"unavailable": "ELASTICSEARCH_URL is not set or does not answer"}
    for backend_name in backend_names:
        overrides = {"SEARCH_BACKEND": backend_name, "ALLOWED_HOSTS": ["*"]}
        if backend_name == "elasticsearch":
            overrides.update(
                ELASTICSEARCH_URL=es_url,
                ELASTICSEARCH_INDEX=f"rightdoor-relevance-{os.getpid()}",
            )
        with override_settings(**overrides):
            backends.get_backend.cache_clear()
            snapshot.forget()
            try:
                if backend_name == "elasticsearch":
                    # Index into Elasticsearch alone (a rebuild through the fallback pair would
                    # clear the scratch database's documents too) and ask it alone, so that a
                    # failure is reported rather than answered by the database fallback.
                    search_service.get_backend = elasticsearch_only()
                report[backend_name] = run_backend(Client(), judged, near, verbose)
            except Exception as error:  # a backend being redesigned may not answer: say so, go on
                report[backend_name] = {"unavailable": f"{type(error).__name__}: {error}"[:300]}
            finally:
                search_service.get_backend = backends.get_backend
                if backend_name == "elasticsearch":
                    drop_index(es_url, overrides["ELASTICSEARCH_INDEX"])
            backends.get_backend.cache_clear()
    return report


def elasticsearch_only():
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.documents import build_record, services_for_indexing

    backend = ElasticsearchBackend.from_settings()
    backend.rebuild(lambda: [[build_record(page) for page in services_for_indexing()]])  # as a deploy does
    return lambda: backend


def drop_index(url: str, index: str) -> None:
    try:
        request = urllib.request.Request(f"{url.rstrip('/')}/{index}*", method="DELETE")
        urllib.request.urlopen(request, timeout=10).close()
    except OSError:
        pass


def run_backend(client, judged: list[Judged], near: str, verbose: bool) -> dict:
    report = {}
    for label, place in (("no place", ""), (f"near {near}", near)):
        scores = Scores()
        for item in judged:
            params = {"q": item.query, "format": "json"}
            if place:
                params["near"] = place
            response = client.get("/search/", params)
            if response.status_code != 200:
                raise RuntimeError(f"{item.query!r}: HTTP {response.status_code}")
            data = response.json()
            suggestions = data.get("suggestions") or {}
            corrected = (data.get("understood") or {}).get("corrected") or suggestions.get("spelling")
            scores.add(item, data["results"], corrected)
        report[label] = {"summary": scores.summary(), "rows": scores.rows}
    return report


# ---------------------------------------------------------------------------- printing


def mark(value) -> str:
    return "-" if value is None else ("ok" if value else "MISS")


def print_report(report: dict, verbose: bool) -> None:
    for backend_name, by_place in report.items():
        print(f"\n=== backend: {backend_name}")
        if "unavailable" in by_place:
            print(f"unavailable: {by_place['unavailable']}")
            continue
        for label, data in by_place.items():
            print(f"\n--- {label}")
            print(f"{'query':44} {'S@1':>4} {'P@5':>5} {'crisis':>6}  correction / first results")
            for judged, s1, p5, crisis, corrected, wrong, results in data["rows"]:
                note = f"→ {corrected!r}{' WRONG' if wrong else ''}" if corrected else ""
                firsts = "; ".join(
                    f"{result['name'][:28]} [{','.join(result['themes'])[:40]}]" for result in results[:3]
                )
                print(
                    f"{judged.query[:44]:44} {mark(s1):>4} {p5:5.2f} {mark(crisis):>6}  {note}"
                    + (f"\n{'':62}{firsts}" if verbose or not s1 or p5 < 0.8 else "")
                )
        print(f"\nSummary ({backend_name}):")
        print(f"  {'place':16} {'S@1':>6} {'P@5':>6} {'crisis':>7} {'wrong corrections':>18}")
        for label, data in by_place.items():
            summary = data["summary"]
            print(
                f"  {label:16} {summary['S@1']:6.3f} {summary['P@5']:6.3f} {summary['crisis']:>7}"
                f" {summary['wrong_corrections']:>18}"
            )
    summaries = {
        backend: (
            {label: data["summary"] for label, data in by_place.items()}
            if "unavailable" not in by_place
            else by_place
        )
        for backend, by_place in report.items()
    }
    print(json.dumps(summaries))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=Path, default=None, help="A judged query file (TSV).")
    parser.add_argument(
        "--near", default=DEFAULT_NEAR, help=f"The place for the second run ({DEFAULT_NEAR})."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="Show the first results of every query.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    queries = arguments.queries or default_queries()
    if not queries.is_file():
        raise SystemExit(f"No query file at {queries}: pass one with --queries (make relevance QUERIES=…).")
    judged = read_queries(queries)
    if arguments.child:
        sys.path.insert(0, str(REPOSITORY))
        os.chdir(REPOSITORY)
        report = measure(judged, arguments.near, arguments.verbose)
        print_report(report, arguments.verbose)
        return
    database = scratch_database()
    print(f"{len(judged)} judged queries from {queries}")
    command = [sys.executable, __file__, "--child", "1", "--queries", str(queries), "--near", arguments.near]
    if arguments.verbose:
        command.append("-v")
    env = child_env(database)
    if os.environ.get("ELASTICSEARCH_URL"):
        env["ELASTICSEARCH_URL"] = os.environ["ELASTICSEARCH_URL"]
    raise SystemExit(subprocess.run(command, cwd=REPOSITORY, env=env).returncode)


if __name__ == "__main__":
    main()

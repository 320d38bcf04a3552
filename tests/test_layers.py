"""The apps import each other in one direction only: core ← directory ← search ← guidance ← home,
with openreferral on directory and search, and config (settings, URLs, health) on top.

An app may import the apps below it, never those above: directory cannot know search exists (it
sends `directory.signals.listing_reviewed`; search listens), and section pages are passed down
(`setup_roles(ensure_site_tree())`). The test reads every module with `ast` (lazy imports inside
functions count too) and fails on any upward import not in `KNOWN_UPWARD`, naming file and line.

The demo content (`demo/`, an app only for its `load_demo` command), the benchmarks and the load
test sit above every runtime app: they may import the apps, never the reverse.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# What each app may import, besides itself. demo/, benchmarks/ and loadtest/ are not runtime layers
# (TOOLS): they live outside the apps and nothing in the apps imports them.
MAY_IMPORT = {
    "core": set(),
    "directory": {"core"},
    "search": {"core", "directory"},
    "guidance": {"core", "directory", "search"},
    "home": {"core", "directory", "search", "guidance"},
    "openreferral": {"core", "directory", "search"},
    # Unmet need: reads demand from search and guidance, supply from the directory.
    "insights": {"core", "directory", "search", "guidance"},
    "config": {"core", "directory", "search", "guidance", "home", "openreferral", "insights"},
}

# Upward imports that exist today and belong to work not done yet. Each names the issue item that
# removes it; delete the entry with the import. Anything else upward fails the test.
KNOWN_UPWARD = {
    # Issue 14 item 1: config/ratelimit.py moves into core/ (the security work is rewriting it now).
    ("directory/feedback.py", "config.ratelimit"),
    # Issue 14 item 1: the importer finds the organisations and services sections itself; the
    # caller (admin view, management commands) should pass them in, as setup_roles now takes them.
    ("openreferral/import_writing.py", "home.site_tree"),
}


# Above every runtime app: they may import the apps, never the reverse.
TOOLS = {"demo", "benchmarks", "loadtest"}


def imports_of(path: Path):
    """(line, module) for every absolute import in the file, at any depth."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def upward_imports():
    found = []
    for app, allowed in MAY_IMPORT.items():
        for path in sorted((REPO / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # generated; they name other apps' migrations, which is Django's business
            relative = path.relative_to(REPO).as_posix()
            for line, module in imports_of(path):
                target = module.split(".")[0]
                if target in MAY_IMPORT and target != app and target not in allowed:
                    found.append((relative, line, module))
    return found


def test_no_app_imports_an_app_above_it():
    unexpected = [
        f"{path}:{line} imports {module}"
        for path, line, module in upward_imports()
        if (path, module) not in KNOWN_UPWARD
    ]
    assert unexpected == [], "upward imports between apps (see the layering in this file's docstring)"


def test_every_known_upward_import_still_exists():
    """A fixed entry must leave the allow-list, so it cannot hide a later one."""
    current = {(path, module) for path, _, module in upward_imports()}
    assert KNOWN_UPWARD - current == set()


def imports_of_tools():
    """(path, line, module) for every import of demo/, benchmarks/ or loadtest/ in a runtime app."""
    return [
        (path.relative_to(REPO).as_posix(), line, module)
        for app in MAY_IMPORT
        for path in sorted((REPO / app).rglob("*.py"))
        for line, module in imports_of(path)
        if module.split(".")[0] in TOOLS
    ]


def test_no_app_imports_the_demo_the_benchmarks_or_the_load_test():
    """demo/, benchmarks/ and loadtest/ sit above every app: the product runs without them."""
    assert [f"{path}:{line} imports {module}" for path, line, module in imports_of_tools()] == []


def demo_modules_in_apps():
    """Demo code left inside a runtime app: a `demo` package or `demo*.py` module, or a `load_demo`
    command (the demo's content and loaders live in demo/)."""
    return sorted(
        path.relative_to(REPO).as_posix()
        for app in MAY_IMPORT
        for path in (REPO / app).rglob("*.py")
        if any(part.startswith("demo") for part in path.relative_to(REPO / app).parts)
        or path.name == "load_demo.py"
    )


def test_no_demo_module_remains_inside_a_runtime_app():
    assert demo_modules_in_apps() == []


def test_the_demo_checks_would_see_an_app_importing_the_demo_or_keeping_a_demo_module(tmp_path, monkeypatch):
    """The two checks above, on a small tree where a runtime app does both, so they cannot pass by
    looking in the wrong place."""
    app = tmp_path / "directory"
    (app / "demo").mkdir(parents=True)
    (app / "demo" / "places.py").write_text("VENUES = []\n")
    (app / "management" / "commands").mkdir(parents=True)
    (app / "management" / "commands" / "load_demo.py").write_text("def handle():\n    from demo import x\n")
    (app / "review.py").write_text("import demo.datafiles\n")
    monkeypatch.setattr(f"{__name__}.REPO", tmp_path)
    assert demo_modules_in_apps() == [
        "directory/demo/places.py",
        "directory/management/commands/load_demo.py",
    ]
    assert sorted(imports_of_tools()) == [
        ("directory/management/commands/load_demo.py", 2, "demo"),
        ("directory/review.py", 1, "demo.datafiles"),
    ]


def test_every_runtime_app_is_in_the_layering():
    apps = {path.parent.name for path in REPO.glob("*/apps.py")} - TOOLS
    assert apps <= set(MAY_IMPORT), "a new app needs its place in MAY_IMPORT"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("def f():\n    from search.indexing import index_services\n", [(2, "search.indexing")]),
        ("import home.site_tree as tree\n", [(1, "home.site_tree")]),
        ("from . import models\nfrom .signals import x\n", []),
    ],
)
def test_the_walk_sees_lazy_and_plain_imports_but_not_relative_ones(tmp_path, source, expected):
    module = tmp_path / "module.py"
    module.write_text(source)
    assert list(imports_of(module)) == expected

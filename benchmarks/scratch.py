"""Scratch SQLite databases for the benchmarks: a migrated, empty template kept between runs.

Migrating from nothing takes a good ten seconds; the template for the current migrations is kept
in the temporary folder (keyed by a hash of every migration file) and copied into each new scratch
database (`benchmarks/search_speed.py`, `benchmarks/import_throughput.py`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

TEMPLATE_FOLDER = Path(tempfile.gettempdir()) / "rightdoor-migrated-templates"


def migrated_template() -> Path:
    """Where the empty migrated database for the current migrations is (or would be) kept."""
    from django.apps import apps

    digest = hashlib.sha256()
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        folder = Path(config.path) / "migrations"
        for migration in sorted(folder.glob("*.py")) if folder.is_dir() else []:
            digest.update(f"{config.label}/{migration.name}".encode())
            digest.update(migration.read_bytes())
    return TEMPLATE_FOLDER / f"migrated-{digest.hexdigest()[:16]}.sqlite3"


def migrate_from_template(database: Path) -> str:
    """Migrate the (new) scratch SQLite database the settings point at, starting from the template
    when there is one, and keep a template when there was none; returns how it went, for people."""
    from django.core.management import call_command
    from django.db import connection

    template = migrated_template()
    used = template.is_file()
    if used:
        import shutil

        shutil.copyfile(template, database)
    # A scratch file: no need to wait for the disk after every statement.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA journal_mode = MEMORY")
        cursor.fetchall()
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB, for building only
    call_command("migrate", interactive=False, verbosity=0)
    if not used:
        TEMPLATE_FOLDER.mkdir(exist_ok=True)
        partial = template.with_suffix(f".{os.getpid()}.partial")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(partial)])
        os.replace(partial, template)
        for stale in TEMPLATE_FOLDER.glob("migrated-*.sqlite3"):
            if stale != template:
                stale.unlink(missing_ok=True)
    return f"from {template.name}" if used else "from nothing, template kept"

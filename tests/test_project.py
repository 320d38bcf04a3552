"""Project-level checks: migrations match the models, and Django's system checks pass."""

from io import StringIO

from django.core.management import call_command

import pytest


@pytest.mark.django_db
def test_every_model_change_has_a_migration():
    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations --check found changes without a migration:\n{output.getvalue()}")
        raise exit_


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")

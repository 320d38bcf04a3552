"""`benchmarks/facet_counts.py` keeps running as the registry changes (it once broke silently when
`MAX_AGE` moved to `directory.ages`)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_facet_counting_benchmark_runs_and_prints_a_time_per_search():
    finished = subprocess.run(
        [sys.executable, "benchmarks/facet_counts.py", "300"],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    lines = finished.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "300 services, no filter",
        "300 services, theme+age",
        "300 services, five filters",
    ]
    assert all(line.endswith(" ms") for line in lines)

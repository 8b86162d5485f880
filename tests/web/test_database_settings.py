"""The database settings the environment chooses: PostgreSQL prepares its frequent statements
unless told not to (a pooler in transaction mode cannot keep them); SQLite gets its pragmas."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

READ = (
    "import json; from acuback.web import settings as s; "
    "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {}), default=str))"
)


def _options(tmp_path: Path, **env: str) -> dict[str, object]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ACUBACK_PG_PREPARE")}
    done = subprocess.run(
        [sys.executable, "-c", READ],
        env=clean | {"ACUBACK_HOME": str(tmp_path)} | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    options: dict[str, object] = json.loads(done.stdout)
    return options


PG = "postgres://postgres@127.0.0.1:5432/acuback"


def test_postgresql_prepares_frequent_statements_by_default(tmp_path: Path) -> None:
    options = _options(tmp_path, DATABASE_URL=PG)
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 2


@pytest.mark.parametrize("value", ["false", "0", "no", "off"])
def test_preparing_can_be_turned_off_for_a_pooler(tmp_path: Path, value: str) -> None:
    options = _options(tmp_path, DATABASE_URL=PG, ACUBACK_PG_PREPARE=value)
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


def test_sqlite_keeps_its_pragmas_and_no_postgresql_options(tmp_path: Path) -> None:
    options = _options(tmp_path)
    assert "journal_mode=WAL" in str(options["init_command"])
    assert "server_side_binding" not in options

"""``acuback serve`` reads and checks the knowledge base before it serves: a broken data file stops it
with one line and exit code 2, instead of error pages at the first chart."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_broken_data_file_stops_the_server_before_it_starts(
    data_copy: Path, tmp_path: Path
) -> None:
    path = data_copy / "patterns.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("has: cold}, weight: 3,", "has: cold}, weight: 30,", 1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"ACUBACK_HOME": str(tmp_path / "home"), "ACUBACK_DATA_DIR": str(data_copy)}

    done = subprocess.run(
        [str(Path(sys.executable).parent / "acuback"), "serve", "--no-demo", "--port", "8397"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert done.returncode == 2
    assert "error: patterns.yaml: item cold_damp: field 'for.0.weight'" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "Listening" not in done.stderr + done.stdout

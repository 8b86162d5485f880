"""The CLI reference and the data-format guide cannot drift from the code and the data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from acuback.knowledge.loading import data_root

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_docs_cli_md_is_the_generated_reference() -> None:
    # A fresh process: click caches each command's help option once built, so the help text of a
    # command other tests already invoked could differ from what the generator writes.
    generated = subprocess.run(
        [sys.executable, "-m", "acuback.cli.reference"], capture_output=True, text=True, check=True
    ).stdout

    assert (DOCS / "cli.md").read_text(encoding="utf-8") == generated, (
        "docs/cli.md is out of date: run `python -m acuback.cli.reference > docs/cli.md`"
    )


def test_every_data_file_is_described_in_the_data_format_guide() -> None:
    guide = (DOCS / "data-format.md").read_text(encoding="utf-8")
    root = data_root()
    missing = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.yaml"))
        if path.parent.name not in {"points", "views", "instruments"} and path.name not in guide
    ]

    assert missing == [], f"describe these data files in docs/data-format.md: {missing}"

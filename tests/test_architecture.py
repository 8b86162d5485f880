"""The core, the knowledge base and the chart renderer import no web framework and no database."""

from __future__ import annotations

import subprocess
import sys


def test_core_knowledge_and_charts_import_no_django_or_database() -> None:
    code = (
        "import sys, acuback.core, acuback.knowledge, acuback.charts;"
        "import acuback.knowledge.atlas;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'django', 'psycopg', 'sqlite3', 'ninja', 'gunicorn'});"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == ""

"""Read and check the knowledge base and the templates when a server process starts.

Each worker process otherwise reads the data files (points, body views, rules, patterns: YAML,
validated), compiles the engine's rules and parses the templates the first time a page needs them:
about half a second that the first practitioner or patient after a restart waits for, and a broken
data file that becomes an error page at that moment rather than a server that refuses to start.
``acuback.web.wsgi`` calls :func:`load_knowledge` when it is imported: once in all for
``acuback serve`` (its workers are forked from the process that imported it), once per worker
for a server that imports the application in each worker.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.template import Engine

from acuback.charts.views import load_views
from acuback.core.assess import assess
from acuback.core.intake import Intake, PainRegion, PainSite, Side
from acuback.knowledge import load_atlas
from acuback.web.charting.body_chart import chart_svg
from acuback.web.charting.citations import sources

# Any intake with a painful region runs every step of the engine: each step compiles its rules on
# first use, whatever the answers.
_SAMPLE = Intake(age=40, pain_sites=(PainSite(region=PainRegion.LOWER_BACK, side=Side.BOTH),))


def load_knowledge() -> None:
    """Load the data files, compile the engine's rules and parse every template, now.

    Raises DataFileError (naming the file and the problem) when a data file is broken, and
    TemplateSyntaxError for a broken template.
    """
    atlas = load_atlas()
    load_views()
    sources()
    result = assess(_SAMPLE, atlas, as_of=dt.date(2025, 1, 1))
    if result.prescription is not None:  # lays out the body chart's views once
        chart_svg(((p.code, p.side.value) for p in result.prescription.points), "")
    engine = Engine.get_default()
    ours = Path(__file__).resolve().parent  # acuback.web: its templates folders, no third party's
    for folder in sorted(ours.rglob("templates")):
        for path in sorted(folder.rglob("*.html")):
            engine.get_template(path.relative_to(folder).as_posix())

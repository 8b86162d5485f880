"""The chart's clinical sections (assessment, proposed points, intake answers), rendered once.

They are drawn from rows that do not change once stored: a submitted intake and the assessment made
of it (a new questionnaire or a re-assessment is a new row). Rendering them is most of a chart's cost
(the triage, the ranked patterns, the body chart, every answer), and a practitioner opens the same
chart several times a day, so the HTML is kept in Django's cache under a key naming those rows (id and
time), the patient's name (on the body chart's title), the language and a fingerprint of the code,
templates and data files.
Nothing user-specific is in these sections: who may see them is decided before they are asked for.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django.core.cache import cache as django_cache
from django.http import HttpRequest
from django.template import Engine
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from acuback import __version__
from acuback.knowledge.loading import data_root
from acuback.web.charting.body_chart import chart_svg
from acuback.web.charting.records import parsed_assessment, parsed_intake
from acuback.web.intake.models import Assessment, IntakeForm
from acuback.web.patients.models import Patient
from acuback.web.workspace.intake_display import readable

TEMPLATE = "workspace/_chart_clinical.html"
# Kept a day: long enough for a clinic day's repeated views, short enough to forget old patients.
KEEP_SECONDS = 24 * 3600


@cache
def _fingerprint() -> str:
    """Changes with the code's version, the templates the sections are drawn with (filters such as
    the triage badge are code: a new release changes the version) and the data files (citations,
    point names and body charts are read from them when the sections are drawn)."""
    digest = hashlib.sha256(__version__.encode())
    for name in (TEMPLATE, "charting/_safety.html"):
        digest.update(Engine.get_default().get_template(name).source.encode())
    root = data_root()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(f"{path.relative_to(root)}:{path.stat().st_size}:".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


def _key(patient: Patient, intake_row: IntakeForm | None, assessment_row: Assessment | None) -> str:
    # The rows by id and time: an id that SQLite hands out again after a deletion comes with another
    # time, so a kept rendering is never shown for a different row.
    intake = "-"
    if intake_row is not None:
        submitted = intake_row.submitted_at or intake_row.created_at
        intake = f"{intake_row.pk}@{submitted.timestamp()}"
    assessed = "-"
    if assessment_row is not None:
        assessed = f"{assessment_row.pk}@{assessment_row.created_at.timestamp()}"
    name = hashlib.sha256(str(patient).encode()).hexdigest()[:12]
    language = translation.get_language()
    return f"chart-sections:{_fingerprint()}:{language}:{patient.pk}:{name}:{intake}:{assessed}"


def clinical_sections(
    request: HttpRequest,
    patient: Patient,
    intake_row: IntakeForm | None,
    assessment_row: Assessment | None,
) -> SafeString:
    """The rendered sections for this patient's latest intake and assessment (kept, see above)."""
    key = _key(patient, intake_row, assessment_row)
    html: str | None = django_cache.get(key)
    if html is None:
        html = render_to_string(TEMPLATE, _context(patient, intake_row, assessment_row), request)
        django_cache.set(key, html, KEEP_SECONDS)
    return mark_safe(html)  # our own template's output, escaped when it was rendered


def _context(
    patient: Patient, intake_row: IntakeForm | None, assessment_row: Assessment | None
) -> dict[str, object]:
    intake = parsed_intake(intake_row)
    result = parsed_assessment(assessment_row)
    prescription = result.prescription if result else None
    svg = mark_safe("")
    point_alerts: dict[str, list[object]] = {}
    if prescription is not None and result is not None:
        svg = chart_svg(
            ((p.code, p.side.value) for p in prescription.points),
            f"{patient} · {prescription.protocol_name or 'proposed points'}",
        )
        for alert in result.safety.point_alerts if result.safety else ():
            point_alerts.setdefault(alert.point, []).append(alert)
    return {
        "intake_row": intake_row,
        "intake_sections": readable(intake) if intake else None,
        "assessment_row": assessment_row,
        "result": result,
        "prescription": prescription,
        "chart_svg": svg,
        "point_alerts": point_alerts,
    }

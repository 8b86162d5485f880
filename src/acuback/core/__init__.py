"""The pure assessment engine: typed values in, typed values out; no web, no database.

Public API (see each module for the result models):

* :func:`parse_intake`, :func:`parse_intake_json`, :class:`Intake`, :func:`intake_json_schema`
* :func:`triage` -> :class:`TriageVerdict`
* :func:`classify` -> :class:`Classification`
* :func:`differentiate`, :func:`prescribe`, :func:`screen` (TCM patterns, points, safety)
* :func:`assess` -> :class:`Assessment`, the whole pipeline
* errors: :class:`AssessmentError` and its subclasses, each with a stable ``code``
"""

from acuback.core.assess import Assessment, assess, knowledge_version
from acuback.core.classify import Classification, DurationClass, classify
from acuback.core.errors import AssessmentError, InvalidIntake, UnknownProtocol, UnreadableIntake
from acuback.core.intake import (
    Answer,
    Intake,
    intake_json_schema,
    parse_intake,
    parse_intake_json,
)
from acuback.core.patterns import differentiate
from acuback.core.prescribe import prescribe
from acuback.core.safety import screen
from acuback.core.triage import TriageLevel, TriageVerdict, triage

__all__ = [
    "Answer",
    "Assessment",
    "AssessmentError",
    "Classification",
    "DurationClass",
    "Intake",
    "InvalidIntake",
    "TriageLevel",
    "TriageVerdict",
    "UnknownProtocol",
    "UnreadableIntake",
    "assess",
    "classify",
    "differentiate",
    "intake_json_schema",
    "knowledge_version",
    "parse_intake",
    "parse_intake_json",
    "prescribe",
    "screen",
    "triage",
]

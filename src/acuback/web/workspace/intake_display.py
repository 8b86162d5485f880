"""The latest intake in readable form: sections of label/value rows built from the core's Intake.

Answers of yes come first, answers of no are gathered on one line, and unknown answers are counted
(never shown as "no"). Labels are the field names in words; the questionnaire's wording is the
intake app's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel

from acuback.core.intake import Answer, Intake

UPPER = {"icd": "ICD", "aaa": "AAA", "ibd": "IBD", "iv": "IV", "nsaid": "NSAID"}
SECTIONS = (
    ("medicines", gettext_lazy("Medicines")),
    ("conditions", gettext_lazy("Conditions")),
    ("red_flags", gettext_lazy("Red-flag questions")),
    ("other_complaints", gettext_lazy("General symptoms (for pattern differentiation)")),
)


def words(name: str) -> str:
    parts = [UPPER.get(part, part) for part in str(name).split("_")]
    text = " ".join(parts)
    return text[:1].upper() + text[1:]


def show(value: Any) -> str:
    if isinstance(value, Enum):
        return words(value.value)
    if isinstance(value, BaseModel):
        return ", ".join(f"{words(k)}: {show(v)}" for k, v in value if v not in (None, (), ""))
    if isinstance(value, tuple | list):
        return ", ".join(show(v) for v in value)
    return str(value)


@dataclass
class Section:
    title: Any
    rows: list[tuple[str, str]] = field(default_factory=list)
    yes: list[str] = field(default_factory=list)
    no: list[str] = field(default_factory=list)
    unknown: int = 0

    @property
    def empty(self) -> bool:
        return not (self.rows or self.yes or self.no)


def _answers(title: Any, model: BaseModel) -> Section:
    section = Section(title)
    for name, value in model:
        if isinstance(value, Answer):
            if value is Answer.YES:
                section.yes.append(words(name))
            elif value is Answer.NO:
                section.no.append(words(name))
            else:
                section.unknown += 1
        elif value not in (None, (), "") and not (
            isinstance(value, Enum) and value.value == "unknown"
        ):
            section.rows.append((words(name), show(value)))
    return section


def readable(intake: Intake) -> list[Section]:
    """The intake as sections for the chart page."""
    patient = Section(_("About the patient"))
    patient.rows.append((_("Age"), str(intake.age)))
    patient.rows.append((_("Sex"), show(intake.sex)))
    if intake.pregnant is not Answer.UNKNOWN or intake.sex.value in ("female", "unknown"):
        pregnant = show(intake.pregnant)
        if intake.pregnancy_weeks is not None:
            pregnant += " " + _("(%(weeks)d weeks)") % {"weeks": intake.pregnancy_weeks}
        patient.rows.append((_("Pregnant"), pregnant))
    patient.rows.append((_("Previous episodes"), show(intake.previous_episodes)))
    if intake.treatments_tried:
        patient.rows.append((_("Treatments tried"), show(intake.treatments_tried)))

    pain = Section(_("The pain"))
    if intake.pain_sites:
        pain.rows.append(
            (
                _("Where"),
                ", ".join(f"{words(s.region.value)} ({s.side.value})" for s in intake.pain_sites),
            )
        )
    intensity = [f"{words(k)} {v}/10" for k, v in intake.intensity if v is not None]
    if intensity:
        pain.rows.append((_("Intensity (0–10)"), ", ".join(intensity)))
    onset = intake.onset
    started = [
        onset.date.isoformat() if onset.date else "",
        show(onset.how) if onset.how.value != "unknown" else "",
    ]
    if onset.sudden is not Answer.UNKNOWN:
        started.append(_("sudden") if onset.sudden is Answer.YES else _("gradual"))
    if any(started):
        pain.rows.append((_("Began"), ", ".join(s for s in started if s)))
    radiation = intake.radiation
    if radiation.areas:
        side = f" ({radiation.side.value})" if radiation.side else ""
        pain.rows.append((_("Spreads to"), show(radiation.areas) + side))
    for name in ("numbness", "tingling", "weakness"):
        answer = getattr(radiation, name)
        if answer is not Answer.UNKNOWN:
            pain.rows.append((words(name), show(answer)))
    if intake.pain_quality:
        pain.rows.append((_("Feels"), show(intake.pain_quality)))
    if intake.better:
        pain.rows.append((_("Better with"), show(intake.better)))
    if intake.worse:
        pain.rows.append((_("Worse with"), show(intake.worse)))

    sections = [patient, pain]
    sections += [_answers(title, getattr(intake, name)) for name, title in SECTIONS]
    if intake.findings is not None:
        sections.append(_answers(_("Examination findings"), intake.findings))
    return sections

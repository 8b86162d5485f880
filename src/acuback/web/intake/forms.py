"""One Django form per questionnaire step. Each reads its part of the saved answers and writes it back.

A step *owns* some top-level keys of the intake (``owns``): it shows them, and on save replaces them
whole, so that a question left blank is removed rather than kept from an older answer. Unanswered
questions are left out of the answers, which the core reads as ``unknown``; "Not sure" is stored as
``unknown`` too, so the review can tell "not sure" from "not answered".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from acuback.core.intake import (
    Factor,
    OnsetHow,
    PainQuality,
    PainRegion,
    RadiationArea,
)
from acuback.web.intake import questions as q

MAX_ITEM_LENGTH = 200  # the core's limit on a free-text list item (treatments, other medicines)

Group = tuple[str | Promise, tuple[str, ...]]


class TriStateField(forms.ChoiceField):
    """Yes / No / Not sure. Not answering leaves the question out; "Not sure" stores ``unknown``."""

    widget = forms.RadioSelect

    def __init__(self, *, label: Any, required: bool = False, **kwargs: Any) -> None:
        super().__init__(
            choices=q.TRI_STATE_CHOICES,
            label=label,
            required=required,
            error_messages={"required": _("Please choose Yes, No or Not sure.")},
            **kwargs,
        )


def _choices(labels: Mapping[str, str | Promise], values: Iterable[str]) -> list[tuple[str, Any]]:
    return [(value, labels[value]) for value in values]


def _lines(text: str) -> list[str]:
    items = [line.strip() for line in text.splitlines() if line.strip()]
    for number, item in enumerate(items, start=1):
        if len(item) > MAX_ITEM_LENGTH:
            raise forms.ValidationError(
                _("Line %(n)s is longer than %(max)s characters; please shorten it."),
                params={"n": number, "max": MAX_ITEM_LENGTH},
                code="too_long",
            )
    return items


class StepForm(forms.Form):
    """Base of the step forms. Subclasses set ``owns`` and define ``initial_from`` and ``to_answers``."""

    owns: ClassVar[tuple[str, ...]] = ()
    groups: ClassVar[tuple[Group, ...]] = ()
    section: ClassVar[str] = ""  # the nested section whose answers are the form's tri-state fields

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        answers: Mapping[str, Any],
        defaults: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(data)
        self.answers = answers
        self.build_fields()
        initial = dict(defaults or {})
        initial.update(self.initial_from(answers))
        self.initial = initial

    def build_fields(self) -> None:
        """Add or drop fields for this patient before the answers are read (default: none)."""

    # reading and writing the answers ------------------------------------------------------------

    def initial_from(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Field values from the saved answers (default: the tri-state section, by field name)."""
        saved = answers.get(self.section, {}) if self.section else answers
        if not isinstance(saved, Mapping):
            return {}
        return {name: saved[name] for name in self.fields if name in saved}

    def to_answers(self) -> dict[str, Any]:
        """The answers this step owns, from ``cleaned_data``; a key left out means "not answered"."""
        section = {
            name: value for name, value in self.cleaned_data.items() if value not in ("", None)
        }
        return {self.section: section} if section else {}

    def field_for(self, path: str) -> str | None:
        """The form field showing an intake field (a dotted path), or None for the whole form."""
        parts = path.split(".")
        if self.section and parts[0] == self.section and len(parts) > 1:
            name = parts[1]
        else:
            name = parts[0]
        return name if name in self.fields else None

    # showing the form -------------------------------------------------------------------------

    def grouped(self) -> list[tuple[str | Promise, list[forms.BoundField]]]:
        """The form's fields under their group headings (one untitled group without ``groups``)."""
        if not self.groups:
            return [("", list(self))]
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.groups
            if any(name in self.fields for name in names)
        ]

    def summary(self) -> tuple[list[tuple[str, str]], int]:
        """What the saved answers say, as (question, answer) pairs, and how many are unanswered."""
        rows: list[tuple[str, str]] = []
        unanswered = 0
        for _title, bound_fields in self.grouped():
            for bound in bound_fields:
                value = self.initial.get(bound.name)
                if value in (None, "", [], ()):
                    unanswered += 1
                    continue
                rows.append((str(bound.label), display_value(bound.field, value)))
        return rows, unanswered


def display_value(field: forms.Field, value: Any) -> str:
    choices = dict(getattr(field, "choices", ()) or ())
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if choices:
        return str(choices.get(value, choices.get(str(value), value)))
    return str(value)


# --- the steps ------------------------------------------------------------------------------


class AboutForm(StepForm):
    owns = ("age", "sex", "pregnant", "pregnancy_weeks")

    age = forms.IntegerField(label=_("How old are you?"), min_value=0, max_value=120)
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=_choices(q.SEX_LABELS, ("female", "male", "other", "unknown")),
        widget=forms.RadioSelect,
        required=False,
    )
    pregnant = TriStateField(
        label=q.QUESTIONS["pregnant"],
        help_text=_(
            "Acupuncture is used differently in pregnancy. Answer No if this cannot apply."
        ),
    )
    pregnancy_weeks = forms.IntegerField(
        label=_("If you are pregnant: how many weeks?"), min_value=0, max_value=45, required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("pregnancy_weeks") is not None and cleaned.get("pregnant") != q.YES:
            self.add_error(
                "pregnancy_weeks",
                _("Please leave the weeks empty unless you answered Yes to being pregnant."),
            )
        return cleaned

    def to_answers(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}

    def summary(self) -> tuple[list[tuple[str, str]], int]:
        rows, unanswered = super().summary()
        if self.initial.get("pregnant") != q.YES and not self.initial.get("pregnancy_weeks"):
            unanswered -= 1  # the weeks are asked only of someone pregnant
        return rows, unanswered


# Which sides of each region the body map offers: midline regions have a left, middle and right
# part, the sacrum only a middle, and limbs a left and a right.
MIDLINE_REGIONS = ("neck", "upper_back", "mid_back", "lower_back", "chest", "abdomen")
CENTRAL_ONLY_REGIONS = ("sacral",)


def region_sides(region: str) -> tuple[str, ...]:
    if region in MIDLINE_REGIONS:
        return ("left", "central", "right")
    if region in CENTRAL_ONLY_REGIONS:
        return ("central",)
    return ("left", "right")


SITE_CHOICES = [
    (
        f"{region.value}:{side}",
        format_lazy("{} ({})", q.REGION_LABELS[region.value], q.SIDE_LABELS[side]),
    )
    for region in PainRegion
    for side in region_sides(region.value)
]


def sites_to_cells(sites: Iterable[Any]) -> list[str]:
    """Saved pain sites as map cells (``region:side``); "both" marks the left and the right."""
    cells: list[str] = []
    for site in sites:
        if not isinstance(site, Mapping):
            continue
        region, side = site.get("region"), site.get("side", "central")
        for one in ("left", "right") if side == "both" else (side,):
            cell = f"{region}:{one}"
            if cell not in cells:
                cells.append(cell)
    return cells


def cells_to_sites(cells: Iterable[str]) -> list[dict[str, str]]:
    """Map cells as the core's pain sites, in body-map order; left and right together are "both"."""
    marked: dict[str, set[str]] = {}
    for cell in cells:
        region, side = cell.split(":")
        marked.setdefault(region, set()).add(side)
    sites: list[dict[str, str]] = []
    for region in PainRegion:
        sides = marked.get(region.value, set())
        if {"left", "right"} <= sides:
            sites.append({"region": region.value, "side": "both"})
        else:
            sites += [{"region": region.value, "side": s} for s in ("left", "right") if s in sides]
        if "central" in sides:
            sites.append({"region": region.value, "side": "central"})
    return sites


class WhereForm(StepForm):
    owns = ("pain_sites",)

    sites = forms.MultipleChoiceField(
        label=_("Where does it hurt?"),
        choices=SITE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def initial_from(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        sites = answers.get("pain_sites")
        return {"sites": sites_to_cells(sites)} if isinstance(sites, list) and sites else {}

    def to_answers(self) -> dict[str, Any]:
        sites = cells_to_sites(self.cleaned_data["sites"])
        return {"pain_sites": sites} if sites else {}

    def field_for(self, path: str) -> str | None:
        return "sites"

    def checked(self) -> set[str]:
        value = self["sites"].value() or []
        return {str(v) for v in value}

    def summary(self) -> tuple[list[tuple[str, str]], int]:
        cells = self.initial.get("sites") or []
        if not cells:
            return [], 1
        by_region: dict[str, list[str]] = {}
        for cell in cells:
            region, side = cell.split(":")
            by_region.setdefault(region, []).append(str(q.SIDE_LABELS[side]))
        text = "; ".join(
            f"{q.REGION_LABELS[region]} ({', '.join(sides)})" for region, sides in by_region.items()
        )
        return [(str(self.fields["sites"].label), text)], 0


AREA_GROUPS: tuple[Group, ...] = (
    (_("Buttock and thigh"), ("buttock", "thigh_back", "thigh_side", "thigh_front")),
    (_("Knee and lower leg"), ("knee", "calf", "shin", "ankle_inner")),
    (_("Foot"), ("foot_top", "foot_sole", "foot_outer", "big_toe", "little_toe")),
    (
        _("Arm and hand"),
        ("shoulder", "upper_arm", "forearm", "thumb_index", "middle_finger", "ring_little"),
    ),
)


class SpreadingForm(StepForm):
    owns = ("radiation",)
    section = "radiation"

    areas = forms.MultipleChoiceField(
        label=_("Where does it spread to?"),
        choices=_choices(q.AREA_LABELS, [a.value for a in RadiationArea]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    side = forms.ChoiceField(
        label=_("On which side does it spread?"),
        choices=[*_choices(q.LIMB_SIDE_LABELS, ("left", "right", "both")), ("", _("Not sure"))],
        required=False,
        widget=forms.RadioSelect,
    )
    numbness = TriStateField(label=q.QUESTIONS["radiation.numbness"])
    tingling = TriStateField(label=q.QUESTIONS["radiation.tingling"])
    weakness = TriStateField(label=q.QUESTIONS["radiation.weakness"])

    def to_answers(self) -> dict[str, Any]:
        radiation = {
            name: value for name, value in self.cleaned_data.items() if value not in ("", None, [])
        }
        return {"radiation": radiation} if radiation else {}

    def checked(self) -> set[str]:
        return {str(v) for v in (self["areas"].value() or [])}


SCORE_CHOICES = [(str(n), str(n)) for n in range(11)]


class ScoreField(forms.TypedChoiceField):
    widget = forms.RadioSelect

    def __init__(self, *, label: Any) -> None:
        super().__init__(
            choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False, label=label
        )


class IntensityForm(StepForm):
    owns = ("intensity",)
    section = "intensity"

    now = ScoreField(label=_("How bad is the pain right now?"))
    average = ScoreField(label=_("How bad has it been on average over the last week?"))
    worst = ScoreField(label=_("How bad has it been at its worst over the last week?"))

    def initial_from(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        saved = super().initial_from(answers)
        return {name: str(value) for name, value in saved.items() if value is not None}

    def summary(self) -> tuple[list[tuple[str, str]], int]:
        rows, unanswered = super().summary()
        return [(label, f"{value} / 10") for label, value in rows], unanswered


class OnsetForm(StepForm):
    owns = ("onset",)
    section = "onset"

    date = forms.DateField(
        label=_("When did this bout of pain start?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("If you do not remember the day, an approximate date is fine."),
    )
    how = forms.ChoiceField(
        label=_("How did it start?"),
        choices=_choices(q.ONSET_LABELS, [o.value for o in OnsetHow]),
        required=False,
        widget=forms.RadioSelect,
    )
    sudden = TriStateField(label=q.QUESTIONS["onset.sudden"])

    def clean_date(self) -> Any:
        date = self.cleaned_data.get("date")
        if date is not None and date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        if date is not None and date.year < 1900:
            raise forms.ValidationError(_("Please check the year."), code="too_early")
        return date

    def summary(self) -> tuple[list[tuple[str, str]], int]:
        rows, unanswered = super().summary()
        saved = self.initial.get("date")
        try:
            day = dt.date.fromisoformat(str(saved)) if saved else None
        except ValueError:
            day = None
        if day is not None:
            shown = date_format(day, "j F Y")  # as every date in the app: 11 September 2026
            rows = [
                (label, shown if label == str(self.fields["date"].label) else value)
                for label, value in rows
            ]
        return rows, unanswered

    def to_answers(self) -> dict[str, Any]:
        onset = {
            name: (value.isoformat() if name == "date" else value)
            for name, value in self.cleaned_data.items()
            if value not in ("", None)
        }
        return {"onset": onset} if onset else {}


FACTOR_CHOICES = _choices(q.FACTOR_LABELS, [f.value for f in Factor])
PAIN_QUALITY_CHOICES = _choices(q.PAIN_QUALITY_LABELS, [f.value for f in PainQuality])


class FactorsForm(StepForm):
    owns = ("pain_quality", "better", "worse")

    pain_quality = forms.MultipleChoiceField(
        label=_("What does the pain feel like?"),
        help_text=_("Tick any that fit; leave it empty if none do."),
        choices=PAIN_QUALITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    better = forms.MultipleChoiceField(
        label=_("What makes the pain better?"),
        choices=FACTOR_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    worse = forms.MultipleChoiceField(
        label=_("What makes the pain worse?"),
        choices=FACTOR_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def to_answers(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if value}


MEDICINE_QUESTIONS = (
    "anticoagulant",
    "antiplatelet",
    "long_term_corticosteroid",
    "immunosuppressant",
    "nsaid",
    "opioid",
)


class TreatmentsForm(StepForm):
    owns = ("previous_episodes", "treatments_tried", "medicines")
    groups = (
        (_("Before this time"), ("previous_episodes", "treatments", "other_treatments")),
        (_("Your medicines"), (*MEDICINE_QUESTIONS, "other_medicines")),
    )

    previous_episodes = TriStateField(label=q.QUESTIONS["previous_episodes"])
    treatments = forms.MultipleChoiceField(
        label=_("What have you tried for this pain?"),
        choices=list(q.COMMON_TREATMENTS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_treatments = forms.CharField(
        label=_("Anything else you have tried"),
        help_text=_("One per line."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    other_medicines = forms.CharField(
        label=_("Other medicines you take, and their doses if you know them"),
        help_text=_("One per line. Include the pill, any patches and any herbs or supplements."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def build_fields(self) -> None:
        for name in MEDICINE_QUESTIONS:
            self.fields[name] = TriStateField(label=q.QUESTIONS[f"medicines.{name}"])
        self.fields["other_medicines"] = self.fields.pop("other_medicines")  # keep it last

    def initial_from(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        if "previous_episodes" in answers:
            initial["previous_episodes"] = answers["previous_episodes"]
        tried = [str(t) for t in answers.get("treatments_tried") or []]
        initial["treatments"] = [t for t in tried if t in q.COMMON_TREATMENTS]
        others = [t for t in tried if t not in q.COMMON_TREATMENTS]
        if others:
            initial["other_treatments"] = "\n".join(others)
        medicines = answers.get("medicines") or {}
        if isinstance(medicines, Mapping):
            initial.update({k: medicines[k] for k in MEDICINE_QUESTIONS if k in medicines})
            if medicines.get("other"):
                initial["other_medicines"] = "\n".join(str(m) for m in medicines["other"])
        return {key: value for key, value in initial.items() if value not in ([], "")}

    def clean_other_treatments(self) -> list[str]:
        return _lines(self.cleaned_data.get("other_treatments", ""))

    def clean_other_medicines(self) -> list[str]:
        return _lines(self.cleaned_data.get("other_medicines", ""))

    def to_answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        answers: dict[str, Any] = {}
        if data.get("previous_episodes"):
            answers["previous_episodes"] = data["previous_episodes"]
        tried = [*data.get("treatments", []), *data.get("other_treatments", [])]
        if tried:
            answers["treatments_tried"] = tried
        medicines = {k: data[k] for k in MEDICINE_QUESTIONS if data.get(k)}
        if data.get("other_medicines"):
            medicines["other"] = data["other_medicines"]
        if medicines:
            answers["medicines"] = medicines
        return answers

    def field_for(self, path: str) -> str | None:
        parts = path.split(".")
        if parts[0] == "treatments_tried":
            return "other_treatments"
        if parts[0] == "medicines":
            if len(parts) > 1 and parts[1] == "other":
                return "other_medicines"
            return parts[1] if len(parts) > 1 and parts[1] in self.fields else None
        return parts[0] if parts[0] in self.fields else None


class TriStateStepForm(StepForm):
    """Yes / no / not-sure questions on one section of the intake, shown in ``groups``."""

    answers_required: ClassVar[bool] = False

    def build_fields(self) -> None:
        for _title, names in self.groups:
            for name in names:
                if name not in self.fields:
                    self.fields[name] = TriStateField(
                        label=q.QUESTIONS[f"{self.section}.{name}"], required=self.answers_required
                    )


CONDITION_GROUPS: tuple[Group, ...] = (
    (_("Heart and circulation"), ("heart_disease", "known_aaa", "smoker")),
    (
        _("Long-term conditions"),
        (
            "cancer_history",
            "diabetes",
            "epilepsy",
            "osteoporosis",
            "peripheral_neuropathy",
            "bleeding_disorder",
        ),
    ),
    (_("Implants"), ("pacemaker_or_icd", "other_electrical_implant", "metal_implant_at_site")),
    (
        _("Infection and immunity"),
        (
            "immunosuppression",
            "recent_bacterial_infection",
            "recent_spinal_procedure",
            "iv_drug_use",
        ),
    ),
    (_("Skin and needles"), ("skin_problem_at_site", "needle_phobia", "fainting_history")),
)

RED_FLAG_GROUPS: tuple[Group, ...] = (
    (
        _("Numbness, bladder and bowel"),
        ("saddle_numbness", "new_bladder_dysfunction", "bowel_incontinence", "sexual_dysfunction"),
    ),
    (
        _("Your legs"),
        ("bilateral_leg_symptoms", "progressive_leg_weakness", "widespread_numbness_or_weakness"),
    ),
    (
        _("Feeling unwell"),
        ("fever_or_chills", "night_sweats", "unexplained_weight_loss", "generally_unwell"),
    ),
    (
        _("How the pain behaves"),
        (
            "constant_or_night_pain",
            "failure_to_improve_4_weeks",
            "woken_second_half_of_night",
            "morning_stiffness_over_30_min",
            "better_with_exercise_not_rest",
            "alternating_buttock_pain",
        ),
    ),
    (_("Injuries"), ("major_trauma", "minor_trauma")),
    (
        _("Chest, tummy and urine"),
        (
            "chest_pain_or_breathlessness",
            "exertional_pain",
            "sweating_or_faintness",
            "pulsatile_abdominal_mass",
            "colicky_loin_to_groin_pain",
            "blood_in_urine",
            "vomiting",
            "epigastric_pain_to_back",
        ),
    ),
    (
        _("Family and other conditions"),
        ("family_history_spondyloarthritis", "psoriasis_or_ibd_or_uveitis"),
    ),
    (_("Pregnancy"), ("vaginal_bleeding", "regular_tightenings_or_contractions")),
)
PREGNANCY_RED_FLAGS = ("vaginal_bleeding", "regular_tightenings_or_contractions")

OTHER_COMPLAINT_GROUPS: tuple[Group, ...] = (
    (_("Energy and sleep"), ("sleep", "tiredness", "dizziness", "palpitations", "tinnitus")),
    (
        _("Feeling hot or cold"),
        (
            "feels_cold",
            "cold_limbs",
            "aversion_to_cold",
            "feels_hot",
            "five_palm_heat",
            "night_sweating",
            "spontaneous_sweating",
            "thirst",
        ),
    ),
    (
        _("Digestion and urine"),
        (
            "poor_appetite",
            "loose_stools",
            "constipation",
            "frequent_pale_urination",
            "dark_scanty_urination",
            "nocturia",
        ),
    ),
    (_("Periods"), ("painful_periods", "irregular_periods", "clots_in_menses")),
    (_("Mood"), ("stress_or_irritability", "low_mood", "sighing", "hypochondrial_distension")),
    (_("Body"), ("heavy_limbs", "stiff_neck_after_draught")),
)
PERIOD_QUESTIONS = ("painful_periods", "irregular_periods", "clots_in_menses")


class HealthForm(TriStateStepForm):
    owns = ("conditions",)
    section = "conditions"
    groups = CONDITION_GROUPS


class RedFlagsForm(TriStateStepForm):
    """The red-flag questions. Each needs an answer ("Not sure" is one); the pregnancy ones only
    when the patient may be pregnant."""

    owns = ("red_flags",)
    section = "red_flags"
    groups = RED_FLAG_GROUPS
    answers_required = True

    def build_fields(self) -> None:
        super().build_fields()
        if self.answers.get("pregnant") == q.NO or self.answers.get("sex") == "male":
            for name in PREGNANCY_RED_FLAGS:
                del self.fields[name]


class GeneralForm(TriStateStepForm):
    """Other complaints asked for the pattern differentiation; no period questions for men."""

    owns = ("other_complaints",)
    section = "other_complaints"
    groups = OTHER_COMPLAINT_GROUPS

    sleep = forms.ChoiceField(
        label=_("How do you sleep?"),
        choices=_choices(q.SLEEP_LABELS, ("good", "poor", "unknown")),
        required=False,
        widget=forms.RadioSelect,
    )

    def build_fields(self) -> None:
        super().build_fields()
        if self.answers.get("sex") == "male":
            for name in PERIOD_QUESTIONS:
                del self.fields[name]

"""The intake questionnaire as typed, validated, frozen values.

Every part of the engine reads an :class:`Intake`. Rules of the model:

* Tri-state questions are :class:`Answer` (``yes`` / ``no`` / ``unknown``), default ``unknown``.
  Unknown is never read as "no": triage lists unanswered red-flag questions to ask before treating.
* ``extra="forbid"`` on every model, so an unknown or misspelt field is an error, and field
  constraints refuse impossible values (a pain score of 14, a negative age) with the field named.
* Lists are stored as tuples so that the whole intake is immutable and hashable.
* ``findings`` (the practitioner's examination) is ``None`` when no examination was recorded; inside
  it an empty list means "none recorded", and ``tongue`` is ``None`` when the tongue was not seen.

:func:`parse_intake` turns a mapping (decoded JSON) into an :class:`Intake` or raises
:class:`~acuback.core.errors.InvalidIntake`; :func:`intake_json_schema` publishes the JSON Schema.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from acuback.core.errors import InvalidIntake, UnreadableIntake

Score = Annotated[int, Field(ge=0, le=10, description="0 = no pain, 10 = worst imaginable")]


class IntakeModel(BaseModel):
    """Base of every intake model: frozen, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


# --- enumerations ----------------------------------------------------------------------------


class Answer(StrEnum):
    """A tri-state answer. ``unknown`` (the default) means not asked or not known: never "no"."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    @property
    def is_yes(self) -> bool:
        return self is Answer.YES

    @property
    def is_no(self) -> bool:
        return self is Answer.NO

    @property
    def is_unknown(self) -> bool:
        return self is Answer.UNKNOWN


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class PainRegion(StrEnum):
    """Regions of the patient's body map."""

    NECK = "neck"
    SHOULDER = "shoulder"
    UPPER_BACK = "upper_back"
    MID_BACK = "mid_back"
    LOWER_BACK = "lower_back"
    SACRAL = "sacral"
    BUTTOCK = "buttock"
    HIP = "hip"
    GROIN = "groin"
    ABDOMEN = "abdomen"
    CHEST = "chest"
    ARM = "arm"
    HAND = "hand"
    THIGH = "thigh"
    KNEE = "knee"
    LOWER_LEG = "lower_leg"
    FOOT = "foot"


class Side(StrEnum):
    """Side of a pain site; ``central`` is on the midline."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    CENTRAL = "central"


class LimbSide(StrEnum):
    """Side of a limb symptom."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class RadiationArea(StrEnum):
    """Where pain or altered sensation spreads to. Also used for sensory loss on examination."""

    BUTTOCK = "buttock"
    THIGH_BACK = "thigh_back"
    THIGH_SIDE = "thigh_side"
    THIGH_FRONT = "thigh_front"
    KNEE = "knee"
    CALF = "calf"
    SHIN = "shin"
    ANKLE_INNER = "ankle_inner"
    FOOT_TOP = "foot_top"
    FOOT_SOLE = "foot_sole"
    FOOT_OUTER = "foot_outer"
    BIG_TOE = "big_toe"
    LITTLE_TOE = "little_toe"
    SHOULDER = "shoulder"
    UPPER_ARM = "upper_arm"
    FOREARM = "forearm"
    THUMB_INDEX = "thumb_index"
    MIDDLE_FINGER = "middle_finger"
    RING_LITTLE = "ring_little"


BELOW_KNEE_AREAS = frozenset(
    {
        RadiationArea.CALF,
        RadiationArea.SHIN,
        RadiationArea.ANKLE_INNER,
        RadiationArea.FOOT_TOP,
        RadiationArea.FOOT_SOLE,
        RadiationArea.FOOT_OUTER,
        RadiationArea.BIG_TOE,
        RadiationArea.LITTLE_TOE,
    }
)
LEG_AREAS = BELOW_KNEE_AREAS | {
    RadiationArea.BUTTOCK,
    RadiationArea.THIGH_BACK,
    RadiationArea.THIGH_SIDE,
    RadiationArea.THIGH_FRONT,
    RadiationArea.KNEE,
}
ARM_AREAS = frozenset(
    {
        RadiationArea.SHOULDER,
        RadiationArea.UPPER_ARM,
        RadiationArea.FOREARM,
        RadiationArea.THUMB_INDEX,
        RadiationArea.MIDDLE_FINGER,
        RadiationArea.RING_LITTLE,
    }
)


class OnsetHow(StrEnum):
    LIFTING = "lifting"
    FALL = "fall"
    POSTURE = "posture"
    ACCIDENT = "accident"
    PREGNANCY = "pregnancy"
    SPORT = "sport"
    GRADUAL = "gradual"
    UNKNOWN = "unknown"
    OTHER = "other"


class Factor(StrEnum):
    """What makes the pain better or worse."""

    MOVEMENT = "movement"
    EXERCISE = "exercise"
    REST = "rest"
    LYING_DOWN = "lying_down"
    BENDING = "bending"
    SITTING = "sitting"
    STANDING = "standing"
    WALKING = "walking"
    COUGHING_SNEEZING = "coughing_sneezing"
    COLD = "cold"
    DAMP = "damp"
    HEAT = "heat"
    WARMTH = "warmth"
    PRESSURE = "pressure"
    MASSAGE = "massage"
    MORNING = "morning"
    EVENING = "evening"
    NIGHT = "night"
    STRESS = "stress"
    FATIGUE = "fatigue"
    WEATHER_CHANGE = "weather_change"


class PainQuality(StrEnum):
    """What the pain feels like, in the patient's words (pattern differentiation reads it)."""

    STABBING = "stabbing"
    DULL_ACHE = "dull_ache"
    HEAVY = "heavy"
    COLD = "cold"
    BURNING = "burning"
    STIFF = "stiff"
    SHOOTING = "shooting"


class Sleep(StrEnum):
    GOOD = "good"
    POOR = "poor"
    UNKNOWN = "unknown"


class TongueBody(StrEnum):
    PALE = "pale"
    RED = "red"
    PURPLE = "purple"
    DARK = "dark"
    NORMAL = "normal"


class TongueCoating(StrEnum):
    NONE = "none"
    THIN = "thin"
    THICK = "thick"
    WHITE = "white"
    YELLOW = "yellow"
    STICKY = "sticky"
    GREASY = "greasy"
    PEELED = "peeled"


class TongueFeature(StrEnum):
    SWOLLEN = "swollen"
    THIN = "thin"
    TEETH_MARKS = "teeth_marks"
    CRACKS = "cracks"


class PulseQuality(StrEnum):
    FLOATING = "floating"
    DEEP = "deep"
    SLOW = "slow"
    RAPID = "rapid"
    WIRY = "wiry"
    SLIPPERY = "slippery"
    CHOPPY = "choppy"
    WEAK = "weak"
    THIN = "thin"
    TIGHT = "tight"
    FULL = "full"
    EMPTY = "empty"


class SlrResult(StrEnum):
    """Straight-leg-raise test: which side was positive."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    NONE = "none"
    UNKNOWN = "unknown"


class Movement(StrEnum):
    """Muscle groups tested for strength (myotomes)."""

    HIP_FLEXION = "hip_flexion"
    KNEE_EXTENSION = "knee_extension"
    ANKLE_DORSIFLEXION = "ankle_dorsiflexion"
    BIG_TOE_EXTENSION = "big_toe_extension"
    ANKLE_PLANTARFLEXION = "ankle_plantarflexion"
    SHOULDER_ABDUCTION = "shoulder_abduction"
    ELBOW_FLEXION = "elbow_flexion"
    WRIST_EXTENSION = "wrist_extension"
    ELBOW_EXTENSION = "elbow_extension"
    FINGER_GRIP = "finger_grip"


class Reflex(StrEnum):
    KNEE = "knee"
    ANKLE = "ankle"
    BICEPS = "biceps"
    TRICEPS = "triceps"
    BRACHIORADIALIS = "brachioradialis"


# --- sections --------------------------------------------------------------------------------


class PainSite(IntakeModel):
    """One marked area of the body map."""

    region: PainRegion
    side: Side = Side.CENTRAL


class Radiation(IntakeModel):
    """Pain or altered sensation spreading from the back or neck into a limb."""

    areas: tuple[RadiationArea, ...] = ()
    side: LimbSide | None = None
    numbness: Answer = Answer.UNKNOWN
    tingling: Answer = Answer.UNKNOWN
    weakness: Answer = Answer.UNKNOWN

    @property
    def below_knee(self) -> bool:
        """True when the pain spreads below the knee (the sciatica pattern of NICE NG59)."""
        return any(area in BELOW_KNEE_AREAS for area in self.areas)

    @property
    def into_leg(self) -> bool:
        return any(area in LEG_AREAS for area in self.areas)

    @property
    def into_arm(self) -> bool:
        return any(area in ARM_AREAS for area in self.areas)


class Intensity(IntakeModel):
    """Pain on a 0–10 numeric rating scale."""

    now: Score | None = None
    average: Score | None = None
    worst: Score | None = None


class Onset(IntakeModel):
    """When and how this episode began."""

    date: dt.date | None = Field(default=None, description="ISO date the episode began")
    how: OnsetHow = OnsetHow.UNKNOWN
    sudden: Answer = Answer.UNKNOWN


class Medicines(IntakeModel):
    anticoagulant: Answer = Answer.UNKNOWN
    antiplatelet: Answer = Answer.UNKNOWN
    long_term_corticosteroid: Answer = Answer.UNKNOWN
    immunosuppressant: Answer = Answer.UNKNOWN
    nsaid: Answer = Answer.UNKNOWN
    opioid: Answer = Answer.UNKNOWN
    other: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = ()


class Conditions(IntakeModel):
    """Past and present conditions that change triage or needling safety."""

    cancer_history: Answer = Answer.UNKNOWN
    osteoporosis: Answer = Answer.UNKNOWN
    bleeding_disorder: Answer = Answer.UNKNOWN
    pacemaker_or_icd: Answer = Answer.UNKNOWN
    other_electrical_implant: Answer = Answer.UNKNOWN
    metal_implant_at_site: Answer = Answer.UNKNOWN
    diabetes: Answer = Answer.UNKNOWN
    peripheral_neuropathy: Answer = Answer.UNKNOWN
    epilepsy: Answer = Answer.UNKNOWN
    skin_problem_at_site: Answer = Answer.UNKNOWN
    needle_phobia: Answer = Answer.UNKNOWN
    fainting_history: Answer = Answer.UNKNOWN
    immunosuppression: Answer = Answer.UNKNOWN
    iv_drug_use: Answer = Answer.UNKNOWN
    recent_bacterial_infection: Answer = Answer.UNKNOWN
    recent_spinal_procedure: Answer = Answer.UNKNOWN
    heart_disease: Answer = Answer.UNKNOWN
    smoker: Answer = Answer.UNKNOWN
    known_aaa: Answer = Answer.UNKNOWN


class RedFlags(IntakeModel):
    """Screening questions for serious causes of back pain (see ``data/red_flags.yaml``)."""

    saddle_numbness: Answer = Answer.UNKNOWN
    new_bladder_dysfunction: Answer = Answer.UNKNOWN
    bowel_incontinence: Answer = Answer.UNKNOWN
    sexual_dysfunction: Answer = Answer.UNKNOWN
    bilateral_leg_symptoms: Answer = Answer.UNKNOWN
    progressive_leg_weakness: Answer = Answer.UNKNOWN
    widespread_numbness_or_weakness: Answer = Answer.UNKNOWN
    fever_or_chills: Answer = Answer.UNKNOWN
    night_sweats: Answer = Answer.UNKNOWN
    unexplained_weight_loss: Answer = Answer.UNKNOWN
    constant_or_night_pain: Answer = Answer.UNKNOWN
    major_trauma: Answer = Answer.UNKNOWN
    minor_trauma: Answer = Answer.UNKNOWN
    chest_pain_or_breathlessness: Answer = Answer.UNKNOWN
    exertional_pain: Answer = Answer.UNKNOWN
    sweating_or_faintness: Answer = Answer.UNKNOWN
    pulsatile_abdominal_mass: Answer = Answer.UNKNOWN
    colicky_loin_to_groin_pain: Answer = Answer.UNKNOWN
    blood_in_urine: Answer = Answer.UNKNOWN
    vomiting: Answer = Answer.UNKNOWN
    epigastric_pain_to_back: Answer = Answer.UNKNOWN
    generally_unwell: Answer = Answer.UNKNOWN
    morning_stiffness_over_30_min: Answer = Answer.UNKNOWN
    better_with_exercise_not_rest: Answer = Answer.UNKNOWN
    woken_second_half_of_night: Answer = Answer.UNKNOWN
    alternating_buttock_pain: Answer = Answer.UNKNOWN
    family_history_spondyloarthritis: Answer = Answer.UNKNOWN
    psoriasis_or_ibd_or_uveitis: Answer = Answer.UNKNOWN
    vaginal_bleeding: Answer = Answer.UNKNOWN
    regular_tightenings_or_contractions: Answer = Answer.UNKNOWN
    failure_to_improve_4_weeks: Answer = Answer.UNKNOWN


class OtherComplaints(IntakeModel):
    """General symptoms asked for TCM pattern differentiation."""

    sleep: Sleep = Sleep.UNKNOWN
    tiredness: Answer = Answer.UNKNOWN
    dizziness: Answer = Answer.UNKNOWN
    palpitations: Answer = Answer.UNKNOWN
    tinnitus: Answer = Answer.UNKNOWN
    cold_limbs: Answer = Answer.UNKNOWN
    feels_cold: Answer = Answer.UNKNOWN
    feels_hot: Answer = Answer.UNKNOWN
    five_palm_heat: Answer = Answer.UNKNOWN
    night_sweating: Answer = Answer.UNKNOWN
    spontaneous_sweating: Answer = Answer.UNKNOWN
    thirst: Answer = Answer.UNKNOWN
    loose_stools: Answer = Answer.UNKNOWN
    constipation: Answer = Answer.UNKNOWN
    poor_appetite: Answer = Answer.UNKNOWN
    frequent_pale_urination: Answer = Answer.UNKNOWN
    dark_scanty_urination: Answer = Answer.UNKNOWN
    nocturia: Answer = Answer.UNKNOWN
    painful_periods: Answer = Answer.UNKNOWN
    irregular_periods: Answer = Answer.UNKNOWN
    clots_in_menses: Answer = Answer.UNKNOWN
    stress_or_irritability: Answer = Answer.UNKNOWN
    low_mood: Answer = Answer.UNKNOWN
    sighing: Answer = Answer.UNKNOWN
    hypochondrial_distension: Answer = Answer.UNKNOWN
    heavy_limbs: Answer = Answer.UNKNOWN
    aversion_to_cold: Answer = Answer.UNKNOWN
    stiff_neck_after_draught: Answer = Answer.UNKNOWN


class Tongue(IntakeModel):
    body: TongueBody | None = None
    coating: tuple[TongueCoating, ...] = ()
    features: tuple[TongueFeature, ...] = ()


class Findings(IntakeModel):
    """The practitioner's examination. Empty lists mean "none recorded"."""

    tongue: Tongue | None = None
    pulse: tuple[PulseQuality, ...] = ()
    tender_points: tuple[Annotated[str, Field(min_length=1, max_length=80)], ...] = Field(
        default=(), description="atlas point codes (e.g. BL23) or free descriptions of tender sites"
    )
    straight_leg_raise_positive: SlrResult = SlrResult.UNKNOWN
    strength_deficit: tuple[Movement, ...] = ()
    reflexes_reduced: tuple[Reflex, ...] = ()
    sensory_loss: tuple[RadiationArea, ...] = ()
    range_of_motion: Annotated[str, Field(max_length=1000)] | None = None


class Intake(IntakeModel):
    """One patient's answers to the back-pain intake, plus the practitioner's findings if any."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        title="Acuback intake",
        json_schema_extra={
            "description": (
                "A patient's back-pain intake for the Acuback assessment engine. Tri-state answers "
                "are 'yes', 'no' or 'unknown' (the default; never read as 'no')."
            )
        },
    )

    age: int = Field(ge=0, le=120, description="age in whole years")
    sex: Sex = Sex.UNKNOWN
    pregnant: Answer = Answer.UNKNOWN
    pregnancy_weeks: int | None = Field(
        default=None, ge=0, le=45, description="weeks of gestation; only when pregnant is 'yes'"
    )
    pain_sites: tuple[PainSite, ...] = ()
    radiation: Radiation = Radiation()
    intensity: Intensity = Intensity()
    onset: Onset = Onset()
    pain_quality: tuple[PainQuality, ...] = Field(
        default=(), description="what the pain feels like; empty when not answered (unknown)"
    )
    better: tuple[Factor, ...] = ()
    worse: tuple[Factor, ...] = ()
    previous_episodes: Answer = Answer.UNKNOWN
    treatments_tried: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = ()
    medicines: Medicines = Medicines()
    conditions: Conditions = Conditions()
    red_flags: RedFlags = RedFlags()
    other_complaints: OtherComplaints = OtherComplaints()
    findings: Findings | None = None

    @field_validator("pregnancy_weeks")
    @classmethod
    def _weeks_need_pregnancy(cls, weeks: int | None, info: ValidationInfo) -> int | None:
        # ``pregnant`` is declared first, so it is already validated (absent if it was invalid).
        if weeks is not None and info.data.get("pregnant", Answer.YES) is not Answer.YES:
            raise ValueError("is given but pregnant is not 'yes'")
        return weeks

    @property
    def regions(self) -> frozenset[PainRegion]:
        """The regions marked on the body map."""
        return frozenset(site.region for site in self.pain_sites)


def parse_intake(data: Mapping[str, Any]) -> Intake:
    """Validate decoded JSON into an :class:`Intake`.

    Takes a mapping (e.g. ``json.loads`` output). Returns the frozen intake. Raises
    :class:`InvalidIntake` listing every field at fault.
    """
    if not isinstance(data, Mapping):
        raise UnreadableIntake("The intake must be a JSON object.")
    try:
        return Intake.model_validate(data)
    except ValidationError as exc:
        raise InvalidIntake.from_validation_error(exc) from exc


def parse_intake_json(text: str | bytes) -> Intake:
    """Parse JSON text into an :class:`Intake`.

    Raises :class:`UnreadableIntake` when the text is not a JSON object and :class:`InvalidIntake`
    when a field is wrong.
    """
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = ""
        if isinstance(exc, json.JSONDecodeError):
            where = f" at line {exc.lineno}, column {exc.colno}"
        raise UnreadableIntake(f"The intake is not valid JSON{where}.") from exc
    return parse_intake(data)


@cache
def _schema() -> dict[str, Any]:
    schema = Intake.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def intake_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :class:`Intake`. Returns a fresh dict each call."""
    return copy.deepcopy(_schema())

"""Typed records for the clinical knowledge base.

Every record is frozen: the knowledge base is loaded once, validated, and then only read. The YAML
files under ``acuback/data`` are the content; these models are their contract. ``extra="forbid"``
everywhere so that a misspelt field in a data file is an error, not a silently ignored key.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
Cun = Annotated[float, Field(ge=0, le=30)]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class SourceKind(StrEnum):
    STANDARD = "standard"
    GUIDELINE = "guideline"
    TRIAL = "trial"
    REVIEW = "review"
    TEXTBOOK = "textbook"
    STUDY = "study"
    EXPERT_OPINION = "expert_opinion"


class Source(Record):
    """A publication (or an explicit expert opinion) that a fact in the data rests on."""

    id: SourceId
    kind: SourceKind
    citation: str = Field(min_length=5)
    year: int | None = Field(default=None, ge=1900, le=2100)
    url: str | None = None
    note: str | None = None


class Region(StrEnum):
    """Body regions. A region also selects the cun scale used to place a point on a chart."""

    HEAD = "head"
    FACE = "face"
    NECK = "neck"
    CHEST = "chest"
    ABDOMEN = "abdomen"
    UPPER_BACK = "upper_back"
    LOWER_BACK = "lower_back"
    SACRUM = "sacrum"
    SHOULDER = "shoulder"
    UPPER_ARM = "upper_arm"
    FOREARM = "forearm"
    HAND = "hand"
    BUTTOCK = "buttock"
    THIGH = "thigh"
    KNEE = "knee"
    LOWER_LEG = "lower_leg"
    FOOT = "foot"


class Aspect(StrEnum):
    """The surface a point lies on, in the anatomical position. Decides which chart views show it."""

    ANTERIOR = "anterior"
    POSTERIOR = "posterior"
    LATERAL = "lateral"
    MEDIAL = "medial"
    SUPERIOR = "superior"
    INFERIOR = "inferior"  # the sole of the foot, the perineum


class Position(Record):
    """Where a point lies, in terms the body model can place.

    Either ``at`` one reference, or a ``fraction`` of the way from the first to the second reference
    named in ``between``. A reference is a landmark id from ``data/body/landmarks.yaml`` or another
    point's WHO code. Offsets then move the position by so many cun (proportional body inches) in an
    anatomical direction; proximal/distal apply to limbs, superior/inferior to head and trunk.
    """

    at: str | None = None
    between: tuple[str, str] | None = None
    fraction: float = Field(default=0.5, gt=0, lt=1)
    superior: Cun = 0
    inferior: Cun = 0
    lateral: Cun = 0
    medial: Cun = 0
    anterior: Cun = 0
    posterior: Cun = 0
    proximal: Cun = 0
    distal: Cun = 0

    @model_validator(mode="after")
    def _one_anchor(self) -> Self:
        if (self.at is None) == (self.between is None):
            raise ValueError("give exactly one of 'at' or 'between'")
        return self

    @property
    def references(self) -> tuple[str, ...]:
        if self.at is not None:
            return (self.at,)
        assert self.between is not None
        return self.between


class NeedleAngle(StrEnum):
    PERPENDICULAR = "perpendicular"
    OBLIQUE = "oblique"
    TRANSVERSE = "transverse"
    PRICK = "prick"  # pricked to bleed or needled very shallowly (jing-well points)
    NOT_NEEDLED = "not_needled"  # e.g. CV8: moxibustion only


class Needling(Record):
    angle: NeedleAngle
    depth_cun: tuple[float, float] | None = None
    note: str | None = None
    source: SourceId

    @model_validator(mode="after")
    def _depth_in_order(self) -> Self:
        if self.depth_cun is not None:
            low, high = self.depth_cun
            if not 0 <= low <= high <= 5:
                raise ValueError("depth_cun must be [low, high] with 0 <= low <= high <= 5")
        return self


class CategoryKind(StrEnum):
    BACK_SHU = "back_shu"
    FRONT_MU = "front_mu"
    YUAN_SOURCE = "yuan_source"
    LUO_CONNECTING = "luo_connecting"
    XI_CLEFT = "xi_cleft"
    HE_SEA = "he_sea"
    LOWER_HE_SEA = "lower_he_sea"
    JING_WELL = "jing_well"
    YING_SPRING = "ying_spring"
    SHU_STREAM = "shu_stream"
    JING_RIVER = "jing_river"
    CONFLUENT = "confluent"  # opening point of an extraordinary vessel
    COMMAND = "command"  # the four (or six) command points
    INFLUENTIAL = "influential"  # the eight meeting points
    CROSSING = "crossing"  # meeting point of channels
    WINDOW_OF_SKY = "window_of_sky"
    SEA = "sea"  # points of the four seas
    GHOST = "ghost"  # Sun Si-miao's thirteen ghost points
    ENTRY = "entry"
    EXIT = "exit"
    OTHER = "other"


class Category(Record):
    kind: CategoryKind
    detail: str | None = None  # e.g. the organ of a back-shu point, the channels that cross
    source: SourceId


class CautionKind(StrEnum):
    PREGNANCY = "pregnancy"
    LUNG = "lung"  # pleura and lung: pneumothorax risk
    VESSEL = "vessel"
    NERVE = "nerve"
    ORGAN = "organ"  # abdominal organs, a full bladder, the liver or spleen
    EYE = "eye"
    SPINAL_CORD = "spinal_cord"  # medulla or cord under the point
    OTHER = "other"


class Caution(Record):
    kind: CautionKind
    text: str = Field(min_length=5)
    # How deep the needle tip may lie below the skin, measured straight down, for a slim adult, where a
    # source (or an editorial limit the text says is one) gives it. Not the length of needle inserted:
    # along an oblique or transverse path that may be longer (``Needling.depth_cun``).
    max_depth_cun: float | None = Field(default=None, gt=0, le=5)
    source: SourceId


class Indication(Record):
    text: str = Field(min_length=3)
    source: SourceId


POINT_CODE = re.compile(r"^(?:[A-Z]{2}\d{1,2}|EX-(?:HN|CA|B|UE|LE)\d{1,2}|ASHI)$")


class Point(Record):
    """One acupuncture point of the atlas."""

    code: str
    pinyin: str = Field(min_length=2)
    hanzi: str = Field(min_length=1)
    hanzi_traditional: str | None = None
    english: str = Field(min_length=2)
    alt_codes: tuple[str, ...] = ()  # beyond those derived from the meridian's abbreviations
    other_names: tuple[str, ...] = ()  # e.g. "Huatuojiaji"
    region: Region
    aspect: Aspect
    bilateral: bool
    location: str = Field(min_length=20)
    position: Position
    location_source: SourceId
    needling: Needling
    categories: tuple[Category, ...] = ()
    cautions: tuple[Caution, ...] = ()
    indications: tuple[Indication, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _code_shape(self) -> Self:
        if not POINT_CODE.match(self.code):
            raise ValueError(f"code {self.code!r} is not a WHO code such as BL23 or EX-B2")
        return self

    @property
    def meridian(self) -> str:
        return "EX" if self.code.startswith("EX-") else self.code.rstrip("0123456789")

    @property
    def number(self) -> int:
        digits = "".join(ch for ch in self.code.split("-")[-1] if ch.isdigit())
        return int(digits)


class Meridian(Record):
    """A channel: its abbreviations, its points in order and the course it runs."""

    code: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    pinyin: str
    hanzi: str
    aliases: tuple[str, ...]  # other abbreviations in use: UB, B for BL; DU for GV; RN for CV
    point_count: int = Field(gt=0)
    element: str | None = None
    paired_with: str | None = None
    pathway: str = Field(min_length=20)
    source: SourceId


class Landmark(Record):
    """An anatomical landmark the body model places on its views (a crease, a bony point, a level)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    description: str
    region: Region
    midline: bool = False

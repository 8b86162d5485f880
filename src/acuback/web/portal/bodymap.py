"""The body maps of the questionnaire, as data: tappable shapes, each tied to one checkbox value.

The pain map shows the body from behind and from the front; every shape toggles one ``region:side``
value of the "Where it hurts" step (``acuback.web.intake.forms.SITE_CHOICES``), and a region drawn
on both figures (a shoulder, a knee) toggles the same value from either. The spreading map shows a
leg from behind and from the front, and an arm, with one shape or more per radiation area. The
checkbox list under each map is the real control; the map is a picture of it (``aria-hidden``), so
the page works without the map, by keyboard and with a screen reader.

Left and right are the patient's own: on the back view the patient's left is on the viewer's left,
on the front view it is on the viewer's right.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from acuback.web.intake import questions as q

WIDTH = 200  # of one figure of the pain map


@dataclass(frozen=True)
class Shape:
    value: str  # the checkbox value the shape toggles
    d: str  # SVG path data
    label: str | Promise  # shown as a tooltip


@dataclass(frozen=True)
class Figure:
    title: str | Promise
    view_box: str
    shapes: tuple[Shape, ...]
    decoration: tuple[str, ...] = ()  # path data drawn but not tappable (the head, the palm)
    left_hint: str | Promise = ""  # words under the figure's left and right edges
    right_hint: str | Promise = ""


def rect(x: float, y: float, w: float, h: float, r: float = 5) -> str:
    """Path data of a rounded rectangle."""
    return (
        f"M{x + r:g},{y:g} H{x + w - r:g} Q{x + w:g},{y:g} {x + w:g},{y + r:g} V{y + h - r:g} "
        f"Q{x + w:g},{y + h:g} {x + w - r:g},{y + h:g} H{x + r:g} Q{x:g},{y + h:g} {x:g},{y + h - r:g} "
        f"V{y + r:g} Q{x:g},{y:g} {x + r:g},{y:g} Z"
    )


def ellipse(cx: float, cy: float, rx: float, ry: float) -> str:
    """Path data of an ellipse."""
    return f"M{cx - rx:g},{cy:g} a{rx:g},{ry:g} 0 1,0 {2 * rx:g},0 a{rx:g},{ry:g} 0 1,0 {-2 * rx:g},0 Z"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    r: float = 5


@dataclass(frozen=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float


@dataclass(frozen=True)
class Path:
    d: str  # only absolute M, L and C commands with "x,y" pairs, so that it can be mirrored


Spec = Rect | Ellipse | Path


def draw(spec: Spec) -> str:
    if isinstance(spec, Rect):
        return rect(spec.x, spec.y, spec.w, spec.h, spec.r)
    if isinstance(spec, Ellipse):
        return ellipse(spec.cx, spec.cy, spec.rx, spec.ry)
    return spec.d


def mirror(spec: Spec) -> Spec:
    """The shape mirrored across the pain figure's vertical midline."""
    if isinstance(spec, Rect):
        return Rect(WIDTH - spec.x - spec.w, spec.y, spec.w, spec.h, spec.r)
    if isinstance(spec, Ellipse):
        return Ellipse(WIDTH - spec.cx, spec.cy, spec.rx, spec.ry)
    tokens = []
    for token in spec.d.split():
        head = token[0] if token[0].isalpha() else ""
        rest = token[len(head) :]
        if "," in rest:
            x_text, y_text = rest.split(",")
            tokens.append(f"{head}{WIDTH - float(x_text):g},{y_text}")
        else:
            tokens.append(token)
    return Path(" ".join(tokens))


def _site(region: str, side: str, spec: Spec) -> Shape:
    label = format_lazy("{} ({})", q.REGION_LABELS[region], q.SIDE_LABELS[side])
    return Shape(f"{region}:{side}", draw(spec), label)


# Shapes on the viewer's left; the viewer's right holds their mirror images.
_HEAD = ellipse(100, 28, 19, 23)
_SHOULDER: Spec = Path("M50,74 L50,106 L24,106 C24,88 34,76 50,74 Z")
_ARM: Spec = Path("M24,109 L48,109 L46,246 L28,246 Z")
_HAND: Spec = Ellipse(37, 263, 11, 15)
_BUTTOCK: Spec = Path("M52,206 L99,206 L99,250 C99,258 92,263 80,263 C62,263 52,254 52,240 Z")
_SACRUM: Spec = Path("M86,206 L114,206 L106,236 C104,242 96,242 94,236 Z")
_THIGH_BACK: Spec = Path("M54,266 L98,266 L95,322 L59,322 Z")
_THIGH_FRONT: Spec = Path("M54,243 L98,243 L95,322 L59,322 Z")
_KNEE: Spec = Rect(59, 325, 36, 24, 8)
_LOWER_LEG: Spec = Path("M60,352 L94,352 L90,398 L66,398 Z")
_HEEL: Spec = Rect(64, 401, 28, 14, 6)
_FOOT: Spec = Rect(62, 401, 32, 16, 7)
_HIP: Spec = Rect(52, 207, 22, 33, 6)
_GROIN: Spec = Rect(76, 207, 23, 33, 6)
_COLUMNS = ((52.0, 32.0), (86.0, 28.0), (116.0, 32.0))  # the left, middle and right strips
_NECK_COLUMNS = ((82.0, 11.5), (94.25, 11.5), (106.5, 11.5))


def _strips(
    rows: tuple[tuple[str, float, float], ...],
    sides: tuple[str, str, str],
    columns: tuple[tuple[float, float], ...] = _COLUMNS,
) -> list[Shape]:
    """Regions cut into a left, a middle and a right strip (viewer's left first)."""
    return [
        _site(region, side, Rect(x, top, width, height, 4))
        for region, top, height in rows
        for (x, width), side in zip(columns, sides, strict=True)
    ]


def _pairs(near: str, far: str, parts: tuple[tuple[str, Spec], ...]) -> list[Shape]:
    """Each shape for the ``near`` side on the viewer's left, and its mirror for the ``far`` side."""
    shapes = []
    for region, spec in parts:
        shapes.append(_site(region, near, spec))
        shapes.append(_site(region, far, mirror(spec)))
    return shapes


@cache  # built once: the labels are lazy, translated when drawn
def pain_figures() -> tuple[Figure, Figure]:
    """The back and front views of the pain map."""
    back = Figure(
        title=_("Back"),
        view_box="0 0 200 420",
        decoration=(_HEAD,),
        shapes=(
            *_strips((("neck", 54, 18),), ("left", "central", "right"), _NECK_COLUMNS),
            *_strips(
                (("upper_back", 74, 44), ("mid_back", 120, 42), ("lower_back", 164, 40)),
                ("left", "central", "right"),
            ),
            *_pairs(
                "left",
                "right",
                (
                    ("shoulder", _SHOULDER),
                    ("arm", _ARM),
                    ("hand", _HAND),
                    ("buttock", _BUTTOCK),
                    ("thigh", _THIGH_BACK),
                    ("knee", _KNEE),
                    ("lower_leg", _LOWER_LEG),
                    ("foot", _HEEL),
                ),
            ),
            _site("sacral", "central", _SACRUM),
        ),
        left_hint=_("your left"),
        right_hint=_("your right"),
    )
    front = Figure(
        title=_("Front"),
        view_box="0 0 200 420",
        decoration=(_HEAD,),
        shapes=(
            _site("neck", "central", Rect(82, 54, 36, 18, 3)),
            *_strips((("chest", 74, 66), ("abdomen", 142, 62)), ("right", "central", "left")),
            *_pairs(
                "right",
                "left",
                (
                    ("shoulder", _SHOULDER),
                    ("arm", _ARM),
                    ("hand", _HAND),
                    ("hip", _HIP),
                    ("groin", _GROIN),
                    ("thigh", _THIGH_FRONT),
                    ("knee", _KNEE),
                    ("lower_leg", _LOWER_LEG),
                    ("foot", _FOOT),
                ),
            ),
        ),
        left_hint=_("your right"),
        right_hint=_("your left"),
    )
    return back, front


def _area(value: str, *paths: str) -> Shape:
    return Shape(value, " ".join(paths), q.AREA_LABELS[value])


@cache
def spreading_figures() -> tuple[Figure, ...]:
    """The leg from behind, the leg from the front, and the arm with the hand."""
    leg_back = Figure(
        title=_("Leg from behind"),
        view_box="0 0 100 330",
        shapes=(
            _area("buttock", "M14,12 L86,12 L86,52 C86,62 76,66 50,66 C24,66 14,60 14,48 Z"),
            _area("thigh_back", "M16,70 L84,70 L80,160 L22,160 Z"),
            _area("knee", rect(22, 164, 56, 28, 8)),
            _area("calf", "M24,196 L76,196 L70,270 L30,270 Z"),
            _area("foot_sole", rect(28, 275, 44, 42, 16)),
        ),
    )
    leg_front = Figure(
        title=_("Leg from the front"),
        view_box="0 0 100 330",
        left_hint=_("outer side"),
        right_hint=_("inner side"),
        shapes=(
            _area("thigh_side", "M8,22 L24,16 L28,158 L14,150 Z"),
            _area("thigh_front", "M28,16 L88,16 L80,160 L32,160 Z"),
            _area("knee", rect(30, 164, 52, 28, 8)),
            _area("shin", "M34,196 L78,196 L72,262 L40,262 Z"),
            _area("ankle_inner", ellipse(78, 270, 9, 8)),
            _area("foot_outer", "M22,276 L32,274 L32,306 L24,310 Z"),
            _area("foot_top", "M35,274 L70,274 L76,300 L35,302 Z"),
            _area("big_toe", rect(64, 304, 16, 20, 6)),
            _area("little_toe", rect(26, 313, 10, 12, 4)),
        ),
        decoration=(rect(39, 306, 7, 14, 3), rect(48, 306, 7, 16, 3), rect(57, 305, 6, 17, 3)),
    )
    arm = Figure(
        title=_("Arm and hand"),
        view_box="0 0 100 330",
        decoration=(rect(24, 216, 46, 36, 10),),
        shapes=(
            _area("shoulder", "M18,14 C40,4 66,8 80,26 L80,46 L16,46 Z"),
            _area("upper_arm", "M20,50 L78,50 L72,132 L28,132 Z"),
            _area("forearm", "M28,136 L72,136 L68,212 L32,212 Z"),
            _area(
                "thumb_index",
                "M24,224 L8,242 L6,262 L16,264 L26,248 Z",
                rect(26, 255, 10, 46, 5),
            ),
            _area("middle_finger", rect(39, 255, 10, 54, 5)),
            _area("ring_little", rect(52, 255, 10, 48, 5), rect(65, 252, 9, 38, 4.5)),
        ),
    )
    return leg_back, leg_front, arm

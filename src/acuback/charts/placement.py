"""Place a point on a view by following its structured location through landmarks and other points.

A position is ``at`` one reference or ``between`` two, then moved by cun offsets. Each offset uses the
point's region in the view: its scale (figure units per cun) and direction. On a region drawn as a
curved surface (the scalp) the offset travels over the surface; where a direction changes across the
figure (the foot) it follows the direction field step by step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from acuback.charts.outlines import Pt
from acuback.charts.views import AxisField, AxisName, RegionFrame, Surface, Vec3, View
from acuback.knowledge.atlas import Atlas
from acuback.knowledge.errors import UnknownPoint
from acuback.knowledge.models import Point

Side = Literal["left", "right", "midline"]

# (position field, axis, sign). Lengthwise offsets come before sideways ones, so that "2.5 cun over
# the scalp, then 1.5 cun lateral" keeps the line parallel to the midline.
OFFSETS: tuple[tuple[str, AxisName, int], ...] = (
    ("superior", "superior", 1),
    ("inferior", "superior", -1),
    ("anterior", "anterior", 1),
    ("posterior", "anterior", -1),
    ("proximal", "proximal", 1),
    ("distal", "proximal", -1),
    ("lateral", "lateral", 1),
    ("medial", "lateral", -1),
)
FIELD_STEP_CUN = 0.25
MIDLINE_TOLERANCE = 0.5  # figure units


@dataclass(frozen=True)
class Placement:
    """Where a point is drawn on a view: figure coordinates and the patient's side it stands for."""

    code: str
    view: str
    x: float
    y: float
    side: Side


def _field_vector(field: AxisField, p: Pt) -> Vec3:
    total = [0.0, 0.0, 0.0]
    weight_sum = 0.0
    for x, y, vx, vy, vz in field.field:
        d2 = (p[0] - x) ** 2 + (p[1] - y) ** 2
        if d2 < 1e-9:
            return (vx, vy, vz)
        weight = 1 / d2
        weight_sum += weight
        total = [total[0] + weight * vx, total[1] + weight * vy, total[2] + weight * vz]
    length = math.sqrt(sum(c * c for c in total)) or 1.0
    return (total[0] / length, total[1] / length, total[2] / length)


def _axis_vector(frame: RegionFrame, axis: AxisName, p: Pt) -> Vec3:
    vector = frame.axes[axis]
    return _field_vector(vector, p) if isinstance(vector, AxisField) else vector


def _cross(a: Vec3, b: Vec3) -> Vec3:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _lift(surface: Surface, p: Pt, on_midline: bool, lateral: Vec3) -> tuple[Vec3, float]:
    """The point of the unit sphere that ``p`` stands for, and its radial stretch.

    A point drawn inside the ellipse lies on the surface facing the viewer, except a point of the
    midline in a view whose depth axis is lateral (a side view): that one is on the profile.
    """
    (cx, cy), (rx, ry, _) = surface.center, surface.radii
    u, v = (p[0] - cx) / rx, (p[1] - cy) / ry
    r = math.hypot(u, v)
    if r > 1 or (on_midline and abs(lateral[2]) > 0.9):
        if r == 0:
            return (0.0, 0.0, 1.0), 1.0
        return (u / r, v / r, 0.0), r
    return (u, v, math.sqrt(1 - r * r)), 1.0


def _normalized(v: Vec3) -> Vec3:
    length = math.sqrt(sum(c * c for c in v))
    return (0.0, 0.0, 0.0) if length < 1e-12 else (v[0] / length, v[1] / length, v[2] / length)


def _dot(a: Vec3, b: Vec3) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _rotate(q: Vec3, k: Vec3, angle: float) -> Vec3:
    """Rodrigues' rotation of ``q`` about the unit axis ``k``."""
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    kxq = _cross(k, q)
    k_dot_q = _dot(k, q)
    return (
        q[0] * cos_a + kxq[0] * sin_a + k[0] * k_dot_q * (1 - cos_a),
        q[1] * cos_a + kxq[1] * sin_a + k[1] * k_dot_q * (1 - cos_a),
        q[2] * cos_a + kxq[2] * sin_a + k[2] * k_dot_q * (1 - cos_a),
    )


def _surface_axis(q: Vec3, n: Vec3, lateral: Vec3 | None) -> Vec3 | None:
    """The axis to turn ``q`` about to move it towards the pole ``n``.

    Normally the great circle through both. Moving superiorly (``lateral`` given), a point off the
    midline instead keeps its distance from it (the lines 1.5 and 2.25 cun lateral run parallel to
    the midline over the crown), blending into the great circle towards the sides of the head.
    """
    great = _normalized(_cross(q, n))
    if great == (0.0, 0.0, 0.0):
        return None
    if lateral is None:
        return great
    toward = _normalized(
        (n[0] - _dot(n, q) * q[0], n[1] - _dot(n, q) * q[1], n[2] - _dot(n, q) * q[2])
    )
    parallel = (
        lateral if _dot(_cross(lateral, q), toward) > 0 else (-lateral[0], -lateral[1], -lateral[2])
    )
    weight = _dot(q, lateral) ** 2
    return _normalized(
        tuple((1 - weight) * parallel[i] + weight * great[i] for i in range(3))  # type: ignore[arg-type]
    )


def _over_surface(
    surface: Surface, q: Vec3, stretch: float, pole: Vec3, cun: float, keep_lateral: Vec3 | None
) -> Pt:
    """Move ``q`` by ``cun`` over the ellipsoid towards ``pole`` and project it back on the view."""
    (cx, cy), (rx, ry, rz) = surface.center, surface.radii
    n = _normalized((pole[0] / rx, pole[1] / ry, pole[2] / rz))
    lateral = None
    if keep_lateral is not None:
        lateral = _normalized((keep_lateral[0] / rx, keep_lateral[1] / ry, keep_lateral[2] / rz))
    axis = _surface_axis(q, n, lateral)
    moved = q
    if axis is not None:
        radius = math.sqrt(max(1e-6, 1 - _dot(q, axis) ** 2))
        moved = _rotate(q, axis, cun / radius)
    return (cx + stretch * rx * moved[0], cy + stretch * ry * moved[1])


def _offset(
    frame: RegionFrame, p: Pt, on_midline: bool, axis: AxisName, sign: int, cun: float
) -> Pt:
    if frame.surface is not None:
        direction = _axis_vector(frame, axis, p)
        pole = (sign * direction[0], sign * direction[1], sign * direction[2])
        lateral = _axis_vector(frame, "lateral", p)
        q, stretch = _lift(frame.surface, p, on_midline, lateral)
        angle = cun / frame.surface.cun_per_radian[axis]
        keep = lateral if axis in ("superior", "proximal") else None
        return _over_surface(frame.surface, q, stretch, pole, angle, keep)
    scale = frame.cun[axis]
    vector = frame.axes[axis]
    if not isinstance(vector, AxisField):
        return (p[0] + sign * cun * scale * vector[0], p[1] + sign * cun * scale * vector[1])
    steps = max(1, math.ceil(cun / FIELD_STEP_CUN))
    step = cun / steps
    for _ in range(steps):
        direction = _field_vector(vector, p)
        p = (p[0] + sign * step * scale * direction[0], p[1] + sign * step * scale * direction[1])
    return p


Spot = tuple[Pt, bool]  # a position and whether it lies on the midline


def _locate(atlas: Atlas, view: View, ref: str, trail: tuple[str, ...]) -> Spot | None:
    if ref in view.landmarks:
        landmark = atlas.landmarks.get(ref)
        return view.landmarks[ref], bool(landmark and landmark.midline)
    if ref in trail or ref in atlas.landmarks:
        return None  # a loop, or a landmark this view does not draw
    try:
        point = atlas.point(ref)
    except UnknownPoint:
        return None
    return _resolve(atlas, point, view, (*trail, ref))


def _resolve(atlas: Atlas, point: Point, view: View, trail: tuple[str, ...]) -> Spot | None:
    frame = view.frame(point.region)
    if frame is None:
        return None
    spot = point.position
    anchors = [_locate(atlas, view, ref, (*trail, point.code)) for ref in spot.references]
    found = [anchor for anchor in anchors if anchor is not None]
    if len(found) < len(anchors):
        return None
    if len(found) == 1:
        p, on_midline = found[0]
    else:
        ((ax, ay), a_mid), ((bx, by), b_mid) = found
        p = (ax + spot.fraction * (bx - ax), ay + spot.fraction * (by - ay))
        on_midline = a_mid and b_mid
    for name, axis, sign in OFFSETS:
        cun = float(getattr(spot, name))
        if cun:
            p = _offset(frame, p, on_midline, axis, sign, cun)
            on_midline = on_midline and axis != "lateral"
    return p, on_midline


def position(atlas: Atlas, point: Point, view: View) -> Pt | None:
    """Figure coordinates of ``point`` on the x >= 0 side of ``view``; None if the view lacks a
    reference or the point's region. Aspects are not checked: a hidden point can still anchor others.
    """
    spot = _resolve(atlas, point, view, ())
    return None if spot is None else spot[0]


def _other(side: Side) -> Side:
    return "left" if side == "right" else "right"


def place(atlas: Atlas, point: Point, view: View) -> tuple[Placement, ...]:
    """Where ``point`` is drawn on ``view``: none if the view cannot show it (its aspect is not shown
    for its region, or a reference is missing from the view); two for a bilateral point on a
    mirrored view (the x > 0 one first), one otherwise."""
    frame = view.frame(point.region)
    if frame is None or point.aspect not in frame.aspects:
        return ()
    p = position(atlas, point, view)
    if p is None:
        return ()
    x, y = p
    if not point.bilateral:
        return (Placement(point.code, view.id, x, y, "midline"),)
    if not view.mirrored or abs(x) < MIDLINE_TOLERANCE:
        return (Placement(point.code, view.id, x, y, view.side),)
    return (
        Placement(point.code, view.id, abs(x), y, view.side),
        Placement(point.code, view.id, -abs(x), y, _other(view.side)),
    )

"""Smooth figure outlines: curves through anchor points, their SVG path data and polygon approximations.

A view file draws each shape as *runs* of anchor points. The curve is smooth (cubic Béziers with
tangents parallel to the chord of the neighbouring anchors) inside a run and has a corner where one run
ends and the next begins. A shape marked ``half`` is the right half (x >= 0) of a symmetric figure,
starting and ending on the midline; it is closed by its mirror image.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Pt = tuple[float, float]
Bezier = tuple[Pt, Pt, Pt, Pt]

SAMPLES_PER_SEGMENT = 8


def _sub(a: Pt, b: Pt) -> Pt:
    return (a[0] - b[0], a[1] - b[1])


def _norm(v: Pt) -> float:
    return math.hypot(v[0], v[1])


def _unit(v: Pt) -> Pt:
    length = _norm(v)
    return (0.0, 0.0) if length == 0 else (v[0] / length, v[1] / length)


def smooth_run(
    anchors: Sequence[Pt], closed: bool = False, level_ends: bool = False
) -> list[Bezier]:
    """Cubic Bézier segments through ``anchors``: smooth inside, tangent to the chord at open ends.

    ``level_ends`` makes the tangent horizontal at an end lying on the midline, so that a half
    outline joins its mirror image without a kink.
    """
    pts = list(anchors)
    count = len(pts)
    if count < 2:
        return []
    last = count if closed else count - 1
    tangents: list[Pt] = []
    for i in range(count):
        if closed:
            before, after = pts[i - 1], pts[(i + 1) % count]
        else:
            before, after = pts[max(i - 1, 0)], pts[min(i + 1, count - 1)]
        tangent = _unit(_sub(after, before))
        if level_ends and not closed and i in (0, count - 1) and abs(pts[i][0]) < 1e-9:
            tangent = (math.copysign(1.0, tangent[0]) if tangent[0] else 1.0, 0.0)
        tangents.append(tangent)
    segments: list[Bezier] = []
    for i in range(last):
        p0, p3 = pts[i], pts[(i + 1) % count]
        reach = _norm(_sub(p3, p0)) / 3
        t0, t3 = tangents[i], tangents[(i + 1) % count]
        p1 = (p0[0] + t0[0] * reach, p0[1] + t0[1] * reach)
        p2 = (p3[0] - t3[0] * reach, p3[1] - t3[1] * reach)
        segments.append((p0, p1, p2, p3))
    return segments


def shape_segments(
    runs: Sequence[Sequence[Pt]], half: bool = False, closed: bool = True
) -> list[Bezier]:
    """All Bézier segments of one shape: its runs in order, then (for a half) their mirror image.

    A closed shape of one run whose ends differ is a smooth loop through all its anchors.
    """
    closed_loop = closed and len(runs) == 1 and not half and runs[0][0] != runs[0][-1]
    segments: list[Bezier] = []
    for index, run in enumerate(runs):
        level = half and index in (0, len(runs) - 1)
        segments += smooth_run(run, closed=closed_loop, level_ends=level)
    if half:
        mirrored = [mirror_bezier(seg) for seg in reversed(segments)]
        segments += mirrored
    return segments


def mirror_point(p: Pt) -> Pt:
    return (-p[0], p[1])


def mirror_bezier(seg: Bezier) -> Bezier:
    """The mirror image about x = 0, traversed backwards (so that a half joins its mirror)."""
    p0, p1, p2, p3 = seg
    return (mirror_point(p3), mirror_point(p2), mirror_point(p1), mirror_point(p0))


def _fmt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def path_data(segments: Sequence[Bezier], closed: bool = True) -> str:
    """SVG path data (absolute M, C and Z) for a chain of segments; breaks become new subpaths."""
    parts: list[str] = []
    current: Pt | None = None
    for p0, p1, p2, p3 in segments:
        if current is None or _norm(_sub(current, p0)) > 1e-6:
            parts.append(f"M{_fmt(p0[0])} {_fmt(p0[1])}")
        parts.append(
            f"C{_fmt(p1[0])} {_fmt(p1[1])} {_fmt(p2[0])} {_fmt(p2[1])} {_fmt(p3[0])} {_fmt(p3[1])}"
        )
        current = p3
    if closed and parts:
        parts.append("Z")
    return " ".join(parts)


def _bezier_at(seg: Bezier, t: float) -> Pt:
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (
        a * seg[0][0] + b * seg[1][0] + c * seg[2][0] + d * seg[3][0],
        a * seg[0][1] + b * seg[1][1] + c * seg[2][1] + d * seg[3][1],
    )


def flatten(segments: Sequence[Bezier], samples: int = SAMPLES_PER_SEGMENT) -> list[Pt]:
    """A polygon (or polyline) following the segments closely."""
    points: list[Pt] = []
    for seg in segments:
        start = 0 if not points else 1
        points += [_bezier_at(seg, i / samples) for i in range(start, samples + 1)]
    return points


def contains(polygon: Sequence[Pt], p: Pt) -> bool:
    """Even-odd test: is ``p`` inside the closed polygon?"""
    inside = False
    x, y = p
    count = len(polygon)
    for i in range(count):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % count]
        if (y1 > y) != (y2 > y):
            cross_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < cross_x:
                inside = not inside
    return inside


def distance_to_polyline(polyline: Sequence[Pt], p: Pt, closed: bool = True) -> float:
    """Shortest distance from ``p`` to the edges of a polygon or polyline."""
    best = math.inf
    count = len(polyline)
    edges = count if closed else count - 1
    for i in range(edges):
        a, b = polyline[i], polyline[(i + 1) % count]
        ab = _sub(b, a)
        length2 = ab[0] ** 2 + ab[1] ** 2
        t = (
            0.0
            if length2 == 0
            else max(0.0, min(1.0, ((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / length2))
        )
        q = (a[0] + t * ab[0], a[1] + t * ab[1])
        best = min(best, _norm(_sub(p, q)))
    return best


def bounds(points: Sequence[Pt]) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of a set of points."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))

"""Place point labels so that they overlap neither each other nor any marker.

Each label first tries the spots touching its marker; failing that, spots further out in rings, joined
to the marker by a leader line that passes no other marker and crosses no other leader or label. A
bilateral point drawn twice is labelled once, next to whichever of its two markers has room.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from acuback.charts.outlines import Pt

# Advance widths of DejaVu Sans Bold, per 1000 units of font size, for the characters of point codes.
_BOLD_WIDTHS = {
    **dict(
        zip(
            "ABCDEFGHIJKLM",
            (774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995),
            strict=True,
        )
    ),
    **dict(
        zip(
            "NOPQRSTUVWXYZ",
            (837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725),
            strict=True,
        )
    ),
    **dict.fromkeys("0123456789", 696),
    "-": 415,
    " ": 348,
}
_DEFAULT_WIDTH = 700

GAP = 2.0  # between a marker and a label touching it
PADDING = 1.5  # kept clear around labels
RINGS = (13, 20, 28, 38, 50, 64, 80, 98, 118, 140, 165, 195, 230, 270)
ANGLES = tuple(math.radians(a) for a in range(0, 360, 15))


def text_width(text: str, size: float) -> float:
    """Width of ``text`` set in DejaVu Sans Bold at ``size`` px."""
    return sum(_BOLD_WIDTHS.get(ch, _DEFAULT_WIDTH) for ch in text) * size / 1000


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        return not (
            self.x + self.w + pad <= other.x
            or other.x + other.w + pad <= self.x
            or self.y + self.h + pad <= other.y
            or other.y + other.h + pad <= self.y
        )

    def inside(self, bounds: Box) -> bool:
        return (
            self.x >= bounds.x
            and self.y >= bounds.y
            and self.x + self.w <= bounds.x + bounds.w
            and self.y + self.h <= bounds.y + bounds.h
        )

    def distance_to(self, p: Pt) -> float:
        dx = max(self.x - p[0], 0.0, p[0] - (self.x + self.w))
        dy = max(self.y - p[1], 0.0, p[1] - (self.y + self.h))
        return math.hypot(dx, dy)

    def nearest(self, p: Pt) -> Pt:
        return (min(max(p[0], self.x), self.x + self.w), min(max(p[1], self.y), self.y + self.h))


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class LabelRequest:
    """A label for one point: its text and the markers (one, or two for a bilateral point) it may
    stand next to, the first preferred. ``bounds`` is the area (one chart panel) it must stay in;
    ``outward`` is +1 or -1 when labels should rather go right or left of their marker."""

    text: str
    anchors: tuple[int, ...]
    bounds: Box
    width: float
    height: float
    outward: tuple[int, ...] = ()


@dataclass(frozen=True)
class PlacedLabel:
    text: str
    box: Box
    anchor: int
    leader: tuple[Pt, Pt] | None  # from the marker's edge to the label, when it had to move away


def _segment_distance(a: Pt, b: Pt, p: Pt) -> float:
    abx, aby = b[0] - a[0], b[1] - a[1]
    length2 = abx * abx + aby * aby
    t = (
        0.0
        if length2 == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * abx + (p[1] - a[1]) * aby) / length2))
    )
    return math.hypot(p[0] - (a[0] + t * abx), p[1] - (a[1] + t * aby))


def _cross(o: Pt, a: Pt, b: Pt) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _segments_cross(a: Pt, b: Pt, c: Pt, d: Pt) -> bool:
    d1, d2 = _cross(c, d, a), _cross(c, d, b)
    d3, d4 = _cross(a, b, c), _cross(a, b, d)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0) and d1 * d2 != 0 and d3 * d4 != 0


def _segment_hits_box(a: Pt, b: Pt, box: Box) -> bool:
    if box.distance_to(a) == 0 or box.distance_to(b) == 0:
        return True
    corners = [
        (box.x, box.y),
        (box.x + box.w, box.y),
        (box.x + box.w, box.y + box.h),
        (box.x, box.y + box.h),
    ]
    return any(_segments_cross(a, b, corners[i], corners[(i + 1) % 4]) for i in range(4))


def _marker_box(m: Marker) -> Box:
    return Box(m.x - m.r, m.y - m.r, 2 * m.r, 2 * m.r)


class _Grid:
    """A coarse spatial index: which items may lie near a rectangle."""

    CELL = 40.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[int]] = {}

    def _cells(self, x0: float, y0: float, x1: float, y1: float) -> list[tuple[int, int]]:
        c = self.CELL
        return [
            (i, j)
            for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1)
            for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1)
        ]

    def add(self, index: int, x0: float, y0: float, x1: float, y1: float) -> None:
        for cell in self._cells(x0, y0, x1, y1):
            self.cells.setdefault(cell, []).append(index)

    def near(self, x0: float, y0: float, x1: float, y1: float) -> set[int]:
        found: set[int] = set()
        for cell in self._cells(x0, y0, x1, y1):
            found.update(self.cells.get(cell, ()))
        return found


class _Layout:
    def __init__(self, markers: Sequence[Marker]) -> None:
        self.markers = markers
        self.boxes: list[Box] = []
        self.leaders: list[tuple[Pt, Pt]] = []
        self.marker_grid = _Grid()
        for index, m in enumerate(markers):
            self.marker_grid.add(index, m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r)
        self.box_grid = _Grid()
        self.leader_grid = _Grid()

    def add(self, box: Box, leader: tuple[Pt, Pt] | None) -> None:
        self.boxes.append(box)
        self.box_grid.add(len(self.boxes) - 1, box.x, box.y, box.x + box.w, box.y + box.h)
        if leader is not None:
            self.leaders.append(leader)
            (ax, ay), (bx, by) = leader
            self.leader_grid.add(
                len(self.leaders) - 1, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
            )

    def box_free(self, box: Box) -> bool:
        reach = PADDING + 8
        x0, y0, x1, y1 = box.x - reach, box.y - reach, box.x + box.w + reach, box.y + box.h + reach
        for index in self.marker_grid.near(x0, y0, x1, y1):
            m = self.markers[index]
            if box.distance_to((m.x, m.y)) < m.r + PADDING:
                return False
        for index in self.box_grid.near(x0, y0, x1, y1):
            if box.overlaps(self.boxes[index], PADDING):
                return False
        for index in self.leader_grid.near(x0, y0, x1, y1):
            a, b = self.leaders[index]
            if _segment_hits_box(a, b, box):
                return False
        return True

    def leader_free(self, a: Pt, b: Pt, own: int) -> bool:
        x0, y0 = min(a[0], b[0]) - 8, min(a[1], b[1]) - 8
        x1, y1 = max(a[0], b[0]) + 8, max(a[1], b[1]) + 8
        for index in self.marker_grid.near(x0, y0, x1, y1):
            m = self.markers[index]
            if index != own and _segment_distance(a, b, (m.x, m.y)) < m.r + 1.0:
                return False
        for index in self.box_grid.near(x0, y0, x1, y1):
            if _segment_hits_box(a, b, self.boxes[index]):
                return False
        for index in self.leader_grid.near(x0, y0, x1, y1):
            c, d = self.leaders[index]
            if _segments_cross(a, b, c, d):
                return False
        return True

    def loosely_free(self, box: Box) -> bool:
        """Last resort: only refuse overlapping another label or a marker."""
        x0, y0, x1, y1 = box.x - 8, box.y - 8, box.x + box.w + 8, box.y + box.h + 8
        if any(box.overlaps(self.boxes[i], 0.5) for i in self.box_grid.near(x0, y0, x1, y1)):
            return False
        return all(
            box.distance_to((self.markers[i].x, self.markers[i].y)) >= self.markers[i].r
            for i in self.marker_grid.near(x0, y0, x1, y1)
        )


def _adjacent(m: Marker, w: float, h: float) -> list[tuple[Box, float, float]]:
    """Spots touching the marker, as (box, cost, horizontal direction)."""
    d = m.r + GAP
    diag = m.r * 0.7 + GAP
    return [
        (Box(m.x + d, m.y - h / 2, w, h), 0.0, 1.0),
        (Box(m.x - d - w, m.y - h / 2, w, h), 0.5, -1.0),
        (Box(m.x + diag, m.y - diag - h, w, h), 2.0, 1.0),
        (Box(m.x + diag, m.y + diag, w, h), 2.5, 1.0),
        (Box(m.x - diag - w, m.y - diag - h, w, h), 2.5, -1.0),
        (Box(m.x - diag - w, m.y + diag, w, h), 3.0, -1.0),
        (Box(m.x - w / 2, m.y - d - h, w, h), 4.0, 0.0),
        (Box(m.x - w / 2, m.y + d, w, h), 4.5, 0.0),
    ]


def _ring(m: Marker, w: float, h: float, distance: float) -> list[tuple[Box, float, float]]:
    spots = []
    for angle in ANGLES:
        cos_a, sin_a = math.cos(angle), math.sin(angle)
        ax, ay = m.x + (m.r + distance) * cos_a, m.y + (m.r + distance) * sin_a
        if cos_a > 0.35:
            box = Box(ax, ay - h / 2, w, h)
        elif cos_a < -0.35:
            box = Box(ax - w, ay - h / 2, w, h)
        elif sin_a > 0:
            box = Box(ax - w / 2, ay, w, h)
        else:
            box = Box(ax - w / 2, ay - h, w, h)
        spots.append((box, distance + 6 * abs(sin_a), cos_a))
    return spots


def _difficulty(markers: Sequence[Marker], request: LabelRequest) -> tuple[float, float]:
    m = markers[request.anchors[0]]
    crowd = sum(1 for other in markers if math.hypot(other.x - m.x, other.y - m.y) < 30)
    return (-crowd, m.y)


def place_labels(markers: Sequence[Marker], requests: Sequence[LabelRequest]) -> list[PlacedLabel]:
    """Lay out one label per request; crowded labels first. Never overlaps when there is room."""
    layout = _Layout(markers)
    placed: list[PlacedLabel] = []
    order = sorted(range(len(requests)), key=lambda i: _difficulty(markers, requests[i]))
    for index in order:
        request = requests[index]
        choice = _choose(layout, request, strict=True) or _choose(layout, request, strict=False)
        if choice is None:
            continue
        layout.add(choice.box, choice.leader)
        placed.append(choice)
    placed.sort(key=lambda label: (label.box.y, label.box.x))
    return placed


def _choose(layout: _Layout, request: LabelRequest, strict: bool) -> PlacedLabel | None:
    w, h = request.width, request.height
    for ring_number in range(len(RINGS) + 1):
        best: tuple[float, PlacedLabel] | None = None
        for rank, anchor in enumerate(request.anchors):
            m = layout.markers[anchor]
            outward = request.outward[rank] if rank < len(request.outward) else 0
            spots = (
                _adjacent(m, w, h) if ring_number == 0 else _ring(m, w, h, RINGS[ring_number - 1])
            )
            for box, cost, direction in spots:
                if not box.inside(request.bounds):
                    continue
                total = cost + 5.0 * rank + (4.0 if outward and direction * outward < -0.3 else 0.0)
                if best is not None and total >= best[0]:
                    continue
                if strict and not layout.box_free(box):
                    continue
                leader = None
                if ring_number:
                    end = box.nearest((m.x, m.y))
                    length = math.hypot(end[0] - m.x, end[1] - m.y) or 1.0
                    start = (
                        m.x + (end[0] - m.x) * m.r / length,
                        m.y + (end[1] - m.y) * m.r / length,
                    )
                    leader = (start, end)
                    if strict and not layout.leader_free(start, end, anchor):
                        continue
                if not strict and not layout.loosely_free(box):
                    continue
                best = (total, PlacedLabel(request.text, box, anchor, leader))
        if best is not None:
            return best[1]
    return None

"""Shared helpers of the chart tests: the atlas, the views, synthetic points and skips for data that
has not landed yet."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from acuback.charts import Placement, View, load_views, place
from acuback.knowledge import Atlas, load_atlas
from acuback.knowledge.errors import UnknownPoint
from acuback.knowledge.models import Point

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "charts"


def atlas() -> Atlas:
    return load_atlas()


def views() -> dict[str, View]:
    return dict(load_views())


def require(codes: str) -> list[Point]:
    """The atlas points named in ``codes``; skip the test while one of them is not written yet."""
    found = []
    for code in codes.split():
        try:
            found.append(atlas().point(code))
        except UnknownPoint:
            pytest.skip(f"{code} is not in the atlas yet (data/points is still being written)")
    return found


def synthetic(
    position: dict[str, object], region: str, aspect: str, bilateral: bool = True
) -> Point:
    """A throw-away point for testing the body model itself."""
    return Point.model_validate(
        {
            "code": "EX-B99",
            "pinyin": "Test",
            "hanzi": "试",
            "english": "Test point",
            "region": region,
            "aspect": aspect,
            "bilateral": bilateral,
            "location": "A synthetic point used by the chart tests only.",
            "position": position,
            "location_source": "who2008",
            "needling": {"angle": "perpendicular", "source": "who2008"},
        }
    )


def right_of_view(point: Point, view: View) -> Placement:
    """The placement on the x >= 0 half of a view (the only one on unmirrored views)."""
    placements = place(atlas(), point, view)
    assert placements, f"{point.code} is not placed on {view.id}"
    return max(placements, key=lambda p: p.x)


def landmark(view: View, landmark_id: str) -> tuple[float, float]:
    return view.landmarks[landmark_id]


def scale(view: View, region: str, axis: str) -> float:
    frame = view.regions[region]  # type: ignore[index]
    return frame.cun[axis]  # type: ignore[index]


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])

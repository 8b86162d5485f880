"""The atlas as plain JSON-ready data, for other tools and for the API."""

from __future__ import annotations

from typing import Any

from acuback.knowledge.atlas import Atlas
from acuback.knowledge.models import Meridian, Point


def point_document(atlas: Atlas, point: Point) -> dict[str, Any]:
    """Every field of a point, plus its meridian, its number and all its codes."""
    data = point.model_dump(mode="json")
    data["meridian"] = point.meridian
    data["number"] = point.number
    data["codes"] = list(atlas.codes_of(point))
    return data


def meridian_document(atlas: Atlas, meridian: Meridian) -> dict[str, Any]:
    data = meridian.model_dump(mode="json")
    data["points"] = [p.code for p in atlas.points_of(meridian.code)]
    return data


def atlas_document(atlas: Atlas) -> dict[str, Any]:
    """The whole atlas: version, sources, landmarks, meridians (with point order) and points."""
    return {
        "knowledge_version": atlas.version,
        "sources": [s.model_dump(mode="json") for s in atlas.sources.values()],
        "landmarks": [lm.model_dump(mode="json") for lm in atlas.landmarks.values()],
        "meridians": [meridian_document(atlas, m) for m in atlas.meridians],
        "points": [point_document(atlas, p) for p in atlas.points],
    }

"""Chart views: the figures, landmark coordinates, cun scales and directions of ``data/body/views``.

One YAML file per view. Each is validated on load; a malformed file raises
:class:`~acuback.knowledge.errors.DataFileError` naming the file, the view and the field. The format is
described in the header comment of ``back.yaml``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from acuback.charts.outlines import (
    Pt,
    contains,
    flatten,
    mirror_bezier,
    path_data,
    shape_segments,
)
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.loading import (
    data_root,
    parse_record,
    parse_records,
    read_yaml,
    require_mapping,
)
from acuback.knowledge.models import Aspect, Landmark, Record, Region

Vec3 = tuple[float, float, float]
AxisName = Literal["superior", "lateral", "anterior", "proximal"]
AXES: tuple[AxisName, ...] = ("superior", "lateral", "anterior", "proximal")
Scale = Annotated[float, Field(gt=0, le=1000)]


class AxisField(Record):
    """A direction that changes over the figure (the foot: distal is down at the heel, forward at the
    toes). Samples ``[x, y, vx, vy, vz]``; between them the direction is the inverse-square-distance
    weighted mean."""

    field: tuple[tuple[float, float, float, float, float], ...] = Field(min_length=2)


class Surface(Record):
    """An ellipsoid standing for a curved region (the scalp). Offsets on it travel along great circles
    towards the pole of their direction, so "superior" from either hairline runs over the crown."""

    center: Pt
    radii: Vec3  # along the view's x, its y and the depth towards the viewer
    cun_per_radian: dict[AxisName, Scale]  # cun travelled per radian of the unit sphere, per axis


class RegionFrame(Record):
    """How one body region is drawn in a view: what it shows, its scale and its directions.

    ``axes`` holds a 3-D unit vector per anatomical direction, in (view x, view y, towards the
    viewer); its first two components are the direction on the chart. ``cun`` is figure units per
    cun along each axis. Opposite directions (inferior, medial, posterior, distal) are the negatives.
    """

    aspects: tuple[Aspect, ...] = Field(min_length=1)
    detail: bool = True  # the view is a good chart of this region (not only a tiny overview)
    cun: dict[AxisName, Scale]
    axes: dict[AxisName, Vec3 | AxisField]
    surface: Surface | None = None


class Shape(Record):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    runs: tuple[tuple[Pt, ...], ...] = Field(min_length=1)
    half: bool = False  # the right half of a symmetric shape, closed by its mirror image
    closed: bool = True
    layer: int = Field(
        default=0, ge=0, le=3
    )  # outlines of one layer merge; a higher layer lies on top
    style: Literal["outline", "line", "soft", "fill"] = "outline"


class View(Record):
    """One chart view (front, back, side, head_side...). Coordinates are figure units, y down."""

    id: str = Field(pattern=r"^[a-z_]+$")
    title: str = Field(min_length=2)
    caption: str = ""
    priority: int = Field(ge=0)
    mirrored: bool
    side: Literal["left", "right"]  # the patient's side at x > 0 (mirrored) or the side drawn
    viewbox: tuple[float, float, Scale, Scale]
    outlines: tuple[Shape, ...] = Field(min_length=1)
    details: tuple[Shape, ...] = ()
    landmarks: dict[str, Pt]
    regions: dict[Region, RegionFrame] = Field(min_length=1)

    def frame(self, region: Region) -> RegionFrame | None:
        return self.regions.get(region)

    def _drawn(self, shapes: tuple[Shape, ...]) -> list[tuple[Shape, str, list[Pt]]]:
        drawn = []
        for shape in shapes:
            segments = shape_segments(shape.runs, half=shape.half, closed=shape.closed)
            copies = [segments]
            if self.mirrored and not shape.half:
                copies.append([mirror_bezier(seg) for seg in reversed(segments)])
            for copy in copies:
                drawn.append((shape, path_data(copy, closed=shape.closed), flatten(copy)))
        return drawn

    @cached_property
    def outline_layers(self) -> tuple[tuple[str, ...], ...]:
        """SVG path data of the outline shapes (mirror images included), bottom layer first.

        Draw each layer's strokes, then its fills: the shapes of a layer then read as one figure.
        """
        layers = sorted({shape.layer for shape in self.outlines})
        drawn = self._drawn(self.outlines)
        return tuple(tuple(d for shape, d, _ in drawn if shape.layer == layer) for layer in layers)

    @cached_property
    def detail_paths(self) -> tuple[tuple[str, str], ...]:
        """(style, SVG path data) of the interior lines: creases, the spine, the navel..."""
        return tuple((shape.style, d) for shape, d, _ in self._drawn(self.details))

    @cached_property
    def polygons(self) -> tuple[tuple[Pt, ...], ...]:
        """Polygon approximations of the outline shapes, for point-in-figure tests."""
        return tuple(tuple(poly) for _, _, poly in self._drawn(self.outlines))

    def contains(self, x: float, y: float) -> bool:
        """Is (x, y) inside the figure (any of its outline shapes)?"""
        return any(contains(poly, (x, y)) for poly in self.polygons)


def _fail(path: Path, view: str, field: str, problem: str) -> DataFileError:
    return DataFileError(path, f"view {view}", field, problem)


def _merge_defaults(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Fold the file's ``defaults`` into each region; ``cun: 12`` means 12 along every axis."""
    document = dict(raw)
    defaults = document.pop("defaults", None) or {}
    regions = document.get("regions")
    if not isinstance(defaults, Mapping) or not isinstance(regions, Mapping):
        return document
    merged: dict[str, Any] = {}
    for name, frame in regions.items():
        frame = dict(frame) if isinstance(frame, Mapping) else frame
        if isinstance(frame, dict):
            combined = {**defaults, **frame}
            surface = combined.get("surface")
            if isinstance(surface, Mapping) and isinstance(
                surface.get("cun_per_radian"), int | float
            ):
                angle_scale = surface["cun_per_radian"]
                combined["surface"] = {
                    **surface,
                    "cun_per_radian": dict.fromkeys(AXES, angle_scale),
                }
            for key in ("axes", "cun"):
                base, own = defaults.get(key), frame.get(key)
                base = dict.fromkeys(AXES, base) if isinstance(base, int | float) else base
                own = dict.fromkeys(AXES, own) if isinstance(own, int | float) else own
                if isinstance(base, Mapping) or isinstance(own, Mapping):
                    combined[key] = {**(base or {}), **(own or {})}
            frame = combined
        merged[str(name)] = frame
    document["regions"] = merged
    return document


def _check_unit(path: Path, view: str, field: str, vector: Vec3) -> None:
    length = math.sqrt(sum(c * c for c in vector))
    if abs(length - 1) > 1e-3:
        raise _fail(path, view, field, f"must be a unit vector, has length {length:.3f}")


def _check_runs(path: Path, view: View, kind: str, index: int, shape: Shape) -> None:
    field = f"{kind}.{index}.runs"
    for number, run in enumerate(shape.runs):
        if len(run) < 2:
            raise _fail(path, view.id, f"{field}.{number}", "needs at least two points")
        if number and run[0] != shape.runs[number - 1][-1]:
            raise _fail(
                path, view.id, f"{field}.{number}", "must start where the previous run ends"
            )
    first, last = shape.runs[0][0], shape.runs[-1][-1]
    if shape.half:
        if not view.mirrored:
            raise _fail(path, view.id, f"{kind}.{index}.half", "is only allowed in a mirrored view")
        if first[0] != 0 or last[0] != 0 or any(p[0] < 0 for run in shape.runs for p in run):
            raise _fail(
                path, view.id, field, "a half shape must run from x=0 to x=0 on the x >= 0 side"
            )
    elif shape.closed and len(shape.runs) > 1 and first != last:
        raise _fail(path, view.id, field, "the last run must end where the first begins")


def _check_view(path: Path, view: View, landmarks: Mapping[str, Landmark]) -> None:
    if view.id != path.stem:
        raise _fail(path, view.id, "id", "must match the file name")
    for index, shape in enumerate(view.outlines):
        if not shape.closed:
            raise _fail(path, view.id, f"outlines.{index}.closed", "an outline must be closed")
        _check_runs(path, view, "outlines", index, shape)
    for index, shape in enumerate(view.details):
        _check_runs(path, view, "details", index, shape)
    for landmark_id, (x, _) in view.landmarks.items():
        field = f"landmarks.{landmark_id}"
        if landmark_id not in landmarks:
            raise _fail(path, view.id, field, "is not a landmark of landmarks.yaml")
        if view.mirrored and landmarks[landmark_id].midline and abs(x) > 1e-9:
            raise _fail(path, view.id, field, "is a midline landmark and must lie on x = 0")
        if view.mirrored and x < 0:
            raise _fail(path, view.id, field, "mirrored views give landmarks on the x >= 0 side")
    for region, frame in view.regions.items():
        for axis in AXES:
            where = f"regions.{region.value}"
            if axis not in frame.axes:
                raise _fail(path, view.id, f"{where}.axes.{axis}", "is missing")
            if axis not in frame.cun:
                raise _fail(path, view.id, f"{where}.cun.{axis}", "is missing")
            if frame.surface is not None and axis not in frame.surface.cun_per_radian:
                raise _fail(path, view.id, f"{where}.surface.cun_per_radian.{axis}", "is missing")
            vector = frame.axes[axis]
            samples = vector.field if isinstance(vector, AxisField) else (vector,)
            for sample in samples:
                _check_unit(path, view.id, f"{where}.axes.{axis}", tuple(sample[-3:]))  # type: ignore[arg-type]


def load_view(path: Path, landmarks: Mapping[str, Landmark]) -> View:
    """Read and validate one view file against the known landmarks."""
    document = require_mapping(path, read_yaml(path), "id")
    label = f"view {document.get('id', path.stem)}"
    view = parse_record(path, View, _merge_defaults(document), label)
    _check_view(path, view, landmarks)
    return view


def _read_landmarks(root: Path) -> dict[str, Landmark]:
    path = root / "body" / "landmarks.yaml"
    doc = require_mapping(path, read_yaml(path), "landmarks")
    return {lm.id: lm for lm in parse_records(path, Landmark, doc["landmarks"], "landmarks")}


@cache
def load_views(root: Path | None = None) -> Mapping[str, View]:
    """Every view of the bundled data (or of ``root``), by id, in order of priority."""
    base = root or data_root()
    landmarks = _read_landmarks(base)
    folder = base / "body" / "views"
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise DataFileError(folder, None, None, "holds no view files")
    views = [load_view(path, landmarks) for path in paths]
    views.sort(key=lambda v: (v.priority, v.id))
    return {view.id: view for view in views}

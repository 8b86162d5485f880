"""Which views to draw for a set of points, and which points go on each view."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from acuback.charts.errors import ChartError
from acuback.charts.placement import Placement, place
from acuback.charts.views import View, load_views
from acuback.knowledge.atlas import Atlas
from acuback.knowledge.models import Point


@dataclass(frozen=True)
class ViewPlan:
    """One panel of a chart: a view and the points drawn on it."""

    view: View
    points: tuple[tuple[Point, tuple[Placement, ...]], ...]


# What ``shown`` found, per (atlas, view, point code): the answer depends on loaded data only, and
# working it out tests each placement against every outline polygon (a sixth of a chart page's time).
# Keyed by identity, and the atlas and view kept with the answer to check it: two atlases or views
# loaded apart (as tests do) never share an answer. Bounded by points x views per loaded atlas.
_SHOWN: dict[tuple[int, int, str], tuple[Atlas, View, Point, tuple[Placement, ...]]] = {}
_SHOWN_LIMIT = 50_000


def shown(atlas: Atlas, point: Point, view: View) -> tuple[Placement, ...]:
    """The placements of ``point`` on ``view`` if all of them fall inside the figure, else none."""
    key = (id(atlas), id(view), point.code)
    found = _SHOWN.get(key)
    if found is not None and found[0] is atlas and found[1] is view and found[2] is point:
        return found[3]
    placements = place(atlas, point, view)
    if not all(view.contains(p.x, p.y) for p in placements):
        placements = ()
    if len(_SHOWN) >= _SHOWN_LIMIT:
        _SHOWN.clear()
    _SHOWN[key] = (atlas, view, point, placements)
    return placements


def _detailed(point: Point, view: View) -> bool:
    frame = view.frame(point.region)
    return frame is not None and frame.detail


def _fit(point: Point, view: View) -> tuple[int, float]:
    """How well ``view`` suits ``point``: whether the point's aspect is the first the view shows
    for its region (the back view for posterior points), and how large a cun is drawn there
    relative to the figure (a hand close-up beats the whole body for a wrist point)."""
    frame = view.frame(point.region)
    if frame is None:
        return (0, 0.0)
    primary = int(frame.aspects[0] == point.aspect)
    return (primary, frame.cun["superior"] / view.viewbox[3])


def _cover(
    candidates: Mapping[str, set[str]],
    wanted: set[str],
    order: Sequence[str],
    fit: Mapping[tuple[str, str], tuple[int, float]],
) -> list[str]:
    """Greedy set cover: repeatedly take the view showing most of the points still wanted; among
    equals the one that suits them best, then the one of higher priority."""
    chosen: list[str] = []
    left = set(wanted)

    def merit(view_id: str) -> tuple[int, int, float, int]:
        gained = candidates[view_id] & left
        primary = sum(fit[(code, view_id)][0] for code in gained)
        zoom = sum(fit[(code, view_id)][1] for code in gained)
        return (len(gained), primary, round(zoom, 6), -order.index(view_id))

    while left:
        best = max(order, key=merit)
        gained = candidates[best] & left
        if not gained:
            break
        chosen.append(best)
        left -= gained
    return chosen


def choose_views(
    atlas: Atlas, points: Iterable[Point], views: Mapping[str, View] | None = None
) -> tuple[str, ...]:
    """The fewest views that show every point that can be charted. Views that chart a point's region
    in detail come first (the back for lumbar points, a hand close-up for hand points); among views
    covering as many points, the one facing the points' aspect, then the one drawing them larger,
    then the main views (back, front, side). Ids in the views' order of priority."""
    catalogue = views if views is not None else load_views()
    order = list(catalogue)
    points = list(points)
    good: dict[str, set[str]] = {v: set() for v in order}
    fair: dict[str, set[str]] = {v: set() for v in order}
    fit: dict[tuple[str, str], tuple[int, float]] = {}
    for point in points:
        for view_id, view in catalogue.items():
            fit[(point.code, view_id)] = _fit(point, view)
            if shown(atlas, point, view):
                fair[view_id].add(point.code)
                if _detailed(point, view):
                    good[view_id].add(point.code)
    detailed = set().union(*good.values()) if good else set()
    chosen = _cover(good, detailed, order, fit)
    rest = set().union(*fair.values()) - detailed if fair else set()
    already = {code for view_id in chosen for code in fair[view_id]}
    chosen += [v for v in _cover(fair, rest - already, order, fit) if v not in chosen]
    return tuple(v for v in order if v in chosen)


def plan_chart(
    atlas: Atlas, points: Sequence[Point], view_ids: Sequence[str] | None = None
) -> tuple[list[ViewPlan], list[Point]]:
    """The panels of a chart and the points that could not be placed on any of them.

    With ``view_ids`` every point that a view shows is drawn on it. Otherwise the views are chosen
    with :func:`choose_views` and each shows the points it charts in detail, plus any point that no
    chosen view charts in detail but this one shows.
    """
    catalogue = load_views()
    if not points:
        raise ChartError("Give at least one point to chart.")
    unknown = [v for v in view_ids or () if v not in catalogue]
    if unknown:
        raise ChartError(f"Unknown view {unknown[0]!r}; the views are {', '.join(catalogue)}.")
    explicit = view_ids is not None
    ids = (
        list(dict.fromkeys(view_ids)) if view_ids is not None else list(choose_views(atlas, points))
    )
    plans: list[ViewPlan] = []
    drawn: set[str] = set()
    detailed_somewhere = {
        p.code
        for p in points
        for v in ids
        if _detailed(p, catalogue[v]) and shown(atlas, p, catalogue[v])
    }
    for view_id in ids:
        view = catalogue[view_id]
        rows = []
        for point in points:
            placements = shown(atlas, point, view)
            if not placements:
                continue
            if explicit or _detailed(point, view) or point.code not in detailed_somewhere:
                if not explicit and point.code in drawn and not _detailed(point, view):
                    continue
                rows.append((point, placements))
                drawn.add(point.code)
        if rows or explicit:
            plans.append(ViewPlan(view, tuple(rows)))
    missing = [p for p in points if p.code not in drawn]
    return plans, missing

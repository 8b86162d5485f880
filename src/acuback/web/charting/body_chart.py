"""Draw charted points on the body chart (``acuback.charts.render_chart``) for a page."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe

from acuback.charts import ChartError, render_chart
from acuback.knowledge import load_atlas


def chart_svg(sided: Iterable[tuple[str, str]], title: str) -> SafeString:
    """The SVG of the points named by ``(code, side)`` pairs (side ``left``, ``right``, ``both`` or
    ``midline``: a point needled on one side is marked on that side only; a code given for both
    sides in two rows counts as both), or an empty string when none can be drawn (Ashi points are
    found by palpation and have no fixed place)."""
    atlas = load_atlas()
    sides: dict[str, str] = {}
    for code, side in sided:
        side = str(side)
        sides[code] = side if sides.get(code, side) == side else "both"
    # Exact codes only: a miss (ASHI) must not pay for the fuzzy "did you mean" search.
    points = [point for code in sides if (point := atlas.get(code)) is not None]
    if not points:
        return mark_safe("")
    try:
        svg = render_chart(atlas, points, title=title, sides=sides)
    except ChartError:
        return mark_safe("")
    return mark_safe(svg)  # drawn by our own renderer from validated atlas data

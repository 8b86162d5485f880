"""Body charts: a proportional (cun) body model and an SVG renderer.

A point's chart position follows its structured location (``at``/``between`` a landmark or another
point, then cun offsets) on views described as data in ``data/body/views/*.yaml``.
"""

from acuback.charts.errors import ChartError
from acuback.charts.placement import Placement, place, position
from acuback.charts.png import svg_to_png
from acuback.charts.render import ChartLayout, layout_chart, render_chart
from acuback.charts.selection import ViewPlan, choose_views, plan_chart, shown
from acuback.charts.views import RegionFrame, View, load_view, load_views

__all__ = [
    "ChartError",
    "ChartLayout",
    "Placement",
    "RegionFrame",
    "View",
    "ViewPlan",
    "choose_views",
    "layout_chart",
    "load_view",
    "load_views",
    "place",
    "plan_chart",
    "position",
    "render_chart",
    "shown",
    "svg_to_png",
]

"""Rendering: a standalone SVG with figures, markers, labels, legend and caveat; PNG via cairosvg.
The test run writes example charts to test-artifacts/charts/ for people to look at."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from acuback.charts import ChartError, layout_chart, load_views, render_chart, svg_to_png

from .helpers import ARTIFACTS, atlas, require

SVG = "{http://www.w3.org/2000/svg}"
LOW_BACK = "BL23 BL25 BL40 GV4 EX-B2 BL52 GB30 BL60"
UPPER_BACK = "GB20 GB21 BL10 BL11 BL13 SI11 GV14 EX-B2 SI3"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [el.text or "" for el in root.iter(f"{SVG}text")]


def _write(name: str, svg: str) -> bytes:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    png = svg_to_png(svg)
    (ARTIFACTS / f"{name}.svg").write_text(svg, encoding="utf-8")
    (ARTIFACTS / f"{name}.png").write_bytes(png)
    return png


def test_a_low_back_chart_renders_to_png_with_every_point_labelled():
    points = require(LOW_BACK)
    svg = render_chart(atlas(), points, title="Low back pain: local and distal points")
    png = _write("low_back", svg)
    assert png.startswith(PNG_SIGNATURE)
    texts = _texts(svg)
    for point in points:
        assert texts.count(point.code) == 2  # the white halo and the ink
    assert "Back" in texts


def test_an_upper_back_and_neck_chart_renders_to_png_with_every_point_labelled():
    points = require(UPPER_BACK)
    svg = render_chart(atlas(), points, title="Neck and upper back")
    png = _write("upper_back_neck", svg)
    assert png.startswith(PNG_SIGNATURE)
    texts = _texts(svg)
    assert all(texts.count(p.code) == 2 for p in points)
    assert {"Back", "Right hand, back"} <= set(texts)


@pytest.mark.slow
def test_every_view_renders_a_chart_of_all_the_points_it_charts_in_detail():
    for view in load_views().values():
        points = [p for p in atlas().points if (f := view.frame(p.region)) is not None and f.detail]
        svg = render_chart(
            atlas(), points, [view.id], title=f"All points on the view {view.title!r}"
        )
        assert svg.startswith("<svg")
        _write(f"view_{view.id}", svg)


def test_the_chart_carries_the_caveat_the_view_names_and_a_legend_of_channels():
    svg = render_chart(atlas(), require("BL23 GV4"), ["back"])
    joined = " ".join(_texts(svg))
    assert (
        "Chart positions are approximate; locate points by palpation and the location text."
        in joined
    )
    assert "Views: Back" in joined
    assert "BL Bladder" in joined
    assert "GV Governing" in joined
    assert "Bilateral points are marked on both sides and labelled on one." in joined


def test_a_bilateral_point_gets_a_marker_on_each_side_and_a_midline_point_one():
    svg = render_chart(atlas(), require("BL23 GV4"), ["back"])
    root = ET.fromstring(svg)
    legend_dots = 2
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 3 + legend_dots


def test_the_default_title_lists_the_points_and_a_given_title_replaces_it():
    assert "Acupuncture points: BL23, GV4" in _texts(render_chart(atlas(), ["BL23", "GV4"]))
    assert "My chart" in _texts(render_chart(atlas(), ["BL23"], title="My chart"))


def test_points_that_no_chosen_view_can_show_are_listed_as_not_charted():
    svg = render_chart(atlas(), require("BL23 ST36"), ["back"])
    assert any("Not charted (no position on these views): ST36." in t for t in _texts(svg))


def test_an_unknown_view_or_an_empty_request_is_a_chart_error():
    with pytest.raises(ChartError):
        render_chart(atlas(), ["BL23"], ["top"])
    with pytest.raises(ChartError):
        render_chart(atlas(), [])


def test_points_that_cannot_be_placed_on_the_asked_views_are_a_chart_error():
    with pytest.raises(ChartError, match="None of ST36 can be placed on these views"):
        render_chart(atlas(), require("ST36"), ["back"])


def test_the_svg_is_standalone_and_uses_dejavu_sans():
    svg = render_chart(atlas(), require("LI4"))
    root = ET.fromstring(svg)
    assert root.get("font-family", "").startswith("DejaVu Sans")
    assert "href" not in svg
    assert "<script" not in svg


def test_the_chart_is_deterministic():
    points = require(LOW_BACK)
    assert render_chart(atlas(), points) == render_chart(atlas(), points)


def test_panels_sit_side_by_side_without_overlapping():
    layout = layout_chart(atlas(), require(LOW_BACK))
    assert len(layout.panels) == 2
    first, second = layout.panels
    assert first.x + first.width <= second.x


def test_a_chart_zooms_onto_the_levels_of_its_points_and_clips_the_figure():
    layout = layout_chart(atlas(), require("GB20 BL10 GV14 BL13"), ["back"])
    (panel,) = layout.panels
    assert panel.cropped
    assert panel.window[3] < 0.6 * panel.plan.view.viewbox[3]
    svg = render_chart(atlas(), require("GB20 BL10 GV14 BL13"), ["back"])
    assert svg.count("<clipPath") == 1


def test_points_spread_over_the_body_keep_the_whole_figure():
    (panel,) = layout_chart(atlas(), require("GV20 BL23 BL60"), ["back"]).panels
    assert not panel.cropped


def test_clip_ids_differ_between_charts_so_that_several_can_share_a_page():
    first = render_chart(atlas(), require("GB20 BL10"), ["back"])
    second = render_chart(atlas(), require("BL23 BL25"), ["back"])
    ids = [svg.split('<clipPath id="')[1].split('"')[0] for svg in (first, second)]
    assert ids[0] != ids[1]
    assert all(i.startswith("acuback-chart-") for i in ids)


def test_a_point_needled_on_one_side_is_marked_on_that_side_only():
    both = ET.fromstring(render_chart(atlas(), require("BL23 BL40"), ["back"]))
    left = ET.fromstring(
        render_chart(atlas(), require("BL23 BL40"), ["back"], sides={"BL23": "left"})
    )
    right = layout_chart(atlas(), require("BL23"), ["back"], sides={"BL23": "right"})
    legend_dots = 1
    assert len(list(both.iter(f"{SVG}circle"))) == 4 + legend_dots
    assert len(list(left.iter(f"{SVG}circle"))) == 3 + legend_dots
    (panel,) = right.panels
    ((_, placed),) = panel.plan.points
    assert [p.side for p in placed] == ["right"]
    notes = " ".join(left.itertext())
    assert "Points needled on one side only are marked on that side." in notes
    assert "Bilateral points are marked on both sides" in notes  # BL40 still is


def test_a_side_view_keeps_a_point_of_the_side_it_does_not_show():
    """The side view shows one side of the body; a point on the other side keeps its marker there."""
    plain = layout_chart(atlas(), require("GB25"), ["side"])
    other = "left" if plain.panels[0].plan.points[0][1][0].side == "right" else "right"
    sided = layout_chart(atlas(), require("GB25"), ["side"], sides={"GB25": other})
    assert len(sided.markers) == len(plain.markers) == 1

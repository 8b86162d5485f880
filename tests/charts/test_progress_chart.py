"""The progress chart: a self-contained SVG with scores, visits, baseline and the MIC band."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from acuback.charts.progress import ChartPoint, ProgressSeries, render_progress_chart

SVG = "{http://www.w3.org/2000/svg}"


def series(**fields: object) -> ProgressSeries:
    base: dict[str, object] = {
        "title": "Average pain (last 7 days)",
        "low": 0,
        "high": 10,
        "better": "lower",
        "points": (
            ChartPoint(dt.date(2026, 1, 5), 8, "Baseline"),
            ChartPoint(dt.date(2026, 3, 30), 4, "Week 12"),
        ),
        "visits": (dt.date(2026, 1, 5), dt.date(2026, 1, 12), dt.date(2026, 1, 19)),
        "baseline": 8,
        "band": (6.0, 10.0),
    }
    base.update(fields)
    return ProgressSeries(**base)  # type: ignore[arg-type]


def test_it_is_valid_svg_with_a_title_and_a_description() -> None:
    root = ET.fromstring(render_progress_chart(series()))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Average pain (last 7 days)"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert desc == (
        "Average pain (last 7 days), lower is better. Baseline 2026-01-05: 8; Week 12 2026-03-30: 4. 3 visits marked."
    )


def test_it_marks_every_visit_and_every_score() -> None:
    svg = render_progress_chart(series())

    assert svg.count("<title>Visit ") == 3
    assert svg.count("<circle") == 3  # two scores and the legend
    assert "<polyline" in svg


def test_the_band_and_baseline_are_drawn_and_named_in_the_legend() -> None:
    svg = render_progress_chart(series())

    assert 'fill="#dcfae6"' in svg
    assert "Minimal important change" in svg
    assert 'stroke-dasharray="6 4"' in svg


def test_no_script_and_no_external_reference() -> None:
    svg = render_progress_chart(series())

    assert "<script" not in svg
    assert "href" not in svg


def test_an_empty_series_says_so() -> None:
    svg = render_progress_chart(series(points=(), visits=(), baseline=None, band=None))

    assert "No answers yet" in svg
    ET.fromstring(svg)


def test_text_is_escaped() -> None:
    svg = render_progress_chart(series(title="Pain <now> & then"))

    assert "Pain &lt;now&gt; &amp; then" in svg
    ET.fromstring(svg)

"""Labels never overlap each other or any marker, also on crowded charts; leaders join moved labels."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from acuback.charts import layout_chart
from acuback.charts.labels import Box, LabelRequest, Marker, place_labels, text_width

from .helpers import atlas, require


def _assert_clear(markers, labels):
    for i, label in enumerate(labels):
        for other in labels[i + 1 :]:
            assert not label.box.overlaps(other.box), f"{label.text} overlaps {other.text}"
        for marker in markers:
            assert label.box.distance_to((marker.x, marker.y)) >= marker.r, (
                f"{label.text} covers a marker at ({marker.x:.0f}, {marker.y:.0f})"
            )


def _assert_leaders_join(markers, labels):
    for label in labels:
        marker = markers[label.anchor]
        if label.leader is None:
            assert label.box.distance_to((marker.x, marker.y)) <= marker.r + 6, label.text
        else:
            start, end = label.leader
            assert math.dist(start, (marker.x, marker.y)) == _approx(marker.r)
            assert label.box.distance_to(end) < 0.01


def _approx(value):
    import pytest

    return pytest.approx(value, abs=0.01)


def test_the_labels_of_every_bl_point_on_the_back_neither_overlap_nor_cover_a_marker():
    require("BL23 BL40 BL52")
    layout = layout_chart(atlas(), atlas().points_of("BL"), ["back"])
    drawn = [p.code for p, _ in layout.panels[0].plan.points]
    assert len(drawn) > 45
    assert sorted(label.text for label in layout.labels) == sorted(drawn)
    _assert_clear(layout.markers, layout.labels)
    _assert_leaders_join(layout.markers, layout.labels)


def test_a_crowded_low_back_chart_labels_every_point_clear_of_the_others():
    points = require("BL23 BL25 BL40 GV4 GV3 EX-B2 BL52")
    layout = layout_chart(atlas(), points)
    assert sorted(label.text for label in layout.labels) == sorted(p.code for p in points)
    _assert_clear(layout.markers, layout.labels)
    _assert_leaders_join(layout.markers, layout.labels)


def test_the_labels_of_every_point_of_the_front_neither_overlap_nor_cover_a_marker():
    layout = layout_chart(
        atlas(), [p for p in atlas().points if p.meridian in {"ST", "SP", "KI", "CV"}], ["front"]
    )
    assert len(layout.labels) == len(layout.panels[0].plan.points)
    _assert_clear(layout.markers, layout.labels)


def test_a_bilateral_point_is_labelled_once_next_to_one_of_its_two_markers():
    (bl23,) = require("BL23")
    layout = layout_chart(atlas(), [bl23], ["back"])
    assert len(layout.markers) == 2
    assert [label.text for label in layout.labels] == ["BL23"]
    assert layout.labels[0].leader is None


def test_a_lone_label_sits_right_of_its_marker_without_a_leader():
    bounds = Box(0, 0, 300, 300)
    (label,) = place_labels([Marker(100, 100, 4)], [LabelRequest("GV4", (0,), bounds, 30, 12)])
    assert label.leader is None
    assert label.box.x > 100
    assert abs(label.box.y + 6 - 100) < 0.01


def test_a_label_without_room_beside_its_marker_moves_away_with_a_leader():
    bounds = Box(0, 0, 400, 400)
    markers = [Marker(200, 200, 4)] + [
        Marker(200 + 11 * math.cos(a / 8 * math.tau), 200 + 11 * math.sin(a / 8 * math.tau), 4)
        for a in range(8)
    ]
    requests = [LabelRequest("BL23", (0,), bounds, text_width("BL23", 11), 12)]
    (label,) = place_labels(markers, requests)
    assert label.leader is not None
    _assert_clear(markers, [label])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(20, 280), st.floats(20, 280)), min_size=1, max_size=25, unique=True
    )
)
def test_random_markers_get_labels_that_never_overlap(spots):
    bounds = Box(0, 0, 300, 300)
    markers = [Marker(x, y, 4) for x, y in spots]
    requests = [
        LabelRequest(f"P{i}", (i,), bounds, text_width(f"P{i}", 11), 12)
        for i in range(len(markers))
    ]
    labels = place_labels(markers, requests)
    strict = list(labels)
    for i, label in enumerate(strict):
        assert label.box.inside(bounds)
        for other in strict[i + 1 :]:
            assert not label.box.overlaps(other.box)
        for marker in markers:
            assert label.box.distance_to((marker.x, marker.y)) >= marker.r


def test_text_width_follows_dejavu_sans_bold():
    assert text_width("BL23", 10) == (762 + 637 + 696 + 696) / 100
    assert text_width("EX-B2", 10) > text_width("BL23", 10)

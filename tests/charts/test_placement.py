"""Placing points: the view shows a point only where it can, bilateral points fall on both halves of
mirrored views, every point of the atlas lands inside a figure that suits it, and the positions follow
the structured locations through landmarks, other points and cun offsets."""

from __future__ import annotations

import math

import pytest

from acuback.charts import place, position

from .helpers import atlas, landmark, require, scale, synthetic, views

# Views in which a point of a region and aspect may plausibly be charted, written from the anatomy
# (independent of the view files' own aspect lists).
_LIMBS = {"upper_arm", "forearm", "thigh", "knee", "lower_leg"}
_BACK = {"upper_back", "lower_back", "sacrum", "buttock"}


def plausible_views(region: str, aspect: str) -> set[str]:
    if region in {"head", "face"}:
        return {
            "anterior": {"head_front", "head_side"},
            "lateral": {"head_side"},
            "superior": {"head_side", "head_front"},
            "posterior": {"back", "head_side"},
        }.get(aspect, set())
    if region == "neck":
        return {
            "anterior": {"head_front", "front"},
            "lateral": {"head_side", "side"},
            "posterior": {"back", "head_side"},
        }.get(aspect, set())
    if region in {"chest", "abdomen"}:
        return {"anterior": {"front"}, "lateral": {"side"}, "inferior": {"front"}}.get(
            aspect, set()
        )
    if region in _BACK:
        return {"posterior": {"back"}, "lateral": {"side"}, "inferior": {"back"}}.get(aspect, set())
    if region == "shoulder":
        return {
            "anterior": {"front"},
            "posterior": {"back"},
            "lateral": {"side", "front"},
            "superior": {"back", "front", "side"},
        }.get(aspect, set())
    if region in _LIMBS:
        hands = {"hand_dorsal", "hand_palmar"} if region == "forearm" else set()
        feet = {"foot_lateral", "foot_medial"} if region == "lower_leg" else set()
        return {
            "anterior": {"front"} | ({"hand_palmar"} & hands),
            "posterior": {"back"} | ({"hand_dorsal"} & hands),
            "lateral": {"side", "front", "back"} | hands | ({"foot_lateral"} & feet),
            "medial": {"front", "back"} | hands | ({"foot_medial"} & feet),
        }.get(aspect, set())
    if region == "hand":
        return {
            "anterior": {"hand_palmar"},
            "posterior": {"hand_dorsal"},
            "lateral": {"hand_dorsal", "hand_palmar"},
            "medial": {"hand_dorsal", "hand_palmar"},
        }.get(aspect, set())
    if region == "foot":
        return {
            "anterior": {"foot_dorsal"},
            "superior": {"foot_dorsal"},
            "lateral": {"foot_lateral", "side"},
            "medial": {"foot_medial"},
            "inferior": {"foot_sole"},
            "posterior": {"back"},
        }.get(aspect, set())
    return set()


def test_every_point_of_the_atlas_is_placed_inside_its_figure_on_a_plausible_view():
    all_views = views()
    failures = []
    for point in atlas().points:
        fitting = [
            view_id
            for view_id in sorted(plausible_views(point.region.value, point.aspect.value))
            if (placements := place(atlas(), point, all_views[view_id]))
            and all(all_views[view_id].contains(p.x, p.y) for p in placements)
        ]
        if not fitting:
            failures.append(f"{point.code} ({point.region.value}, {point.aspect.value})")
    assert failures == []


def test_bilateral_points_appear_on_both_sides_of_every_mirrored_view_that_shows_them():
    checked = 0
    for view in views().values():
        if not view.mirrored:
            continue
        for point in atlas().points:
            placements = place(atlas(), point, view)
            if not placements:
                continue
            if point.bilateral:
                assert len(placements) == 2, f"{point.code} on {view.id}"
                right, left = placements
                assert right.x == pytest.approx(-left.x)
                assert right.y == left.y
                assert right.x > 0
                assert {right.side, left.side} == {"left", "right"}
                assert view.contains(right.x, right.y)
                assert view.contains(left.x, left.y)
                checked += 1
            else:
                assert len(placements) == 1
                assert placements[0].side == "midline"
                assert placements[0].x == pytest.approx(0, abs=0.01), point.code
    assert checked > 200


def test_the_back_view_draws_the_patients_right_on_the_right_and_the_front_view_on_the_left():
    (bl23,) = require("BL23")
    right, left = place(atlas(), bl23, views()["back"])
    assert (right.side, left.side) == ("right", "left")
    (st25,) = require("ST25")
    right, left = place(atlas(), st25, views()["front"])
    assert (right.side, left.side) == ("left", "right")


def test_an_unmirrored_view_places_a_bilateral_point_once_on_the_right_side():
    (gb34,) = require("GB34")
    (only,) = place(atlas(), gb34, views()["side"])
    assert only.side == "right"
    assert only.view == "side"


def test_a_view_that_does_not_show_the_aspect_places_nothing():
    bl23, st36 = require("BL23 ST36")
    assert place(atlas(), bl23, views()["front"]) == ()
    assert place(atlas(), st36, views()["back"]) == ()


def test_a_view_missing_a_reference_places_nothing():
    point = synthetic({"at": "nipple", "lateral": 1}, region="chest", aspect="anterior")
    assert place(atlas(), point, views()["back"]) == ()  # the back view has no nipple
    assert len(place(atlas(), point, views()["front"])) == 2


def test_a_point_of_a_region_the_view_does_not_draw_places_nothing():
    point = synthetic({"at": "vertex"}, region="foot", aspect="superior")
    assert place(atlas(), point, views()["head_side"]) == ()


def test_between_takes_the_given_fraction_of_the_way_from_the_first_reference():
    back = views()["back"]
    point = synthetic(
        {"between": ["greater_trochanter", "sacral_hiatus"], "fraction": 0.25},
        "buttock",
        "posterior",
    )
    (gx, gy), (sx, sy) = landmark(back, "greater_trochanter"), landmark(back, "sacral_hiatus")
    assert position(atlas(), point, back) == pytest.approx(
        (gx + 0.25 * (sx - gx), gy + 0.25 * (sy - gy))
    )


@pytest.mark.parametrize(
    ("offset", "dx", "dy"),
    [("lateral", 1, 0), ("medial", -1, 0), ("superior", 0, -1), ("inferior", 0, 1)],
)
def test_offsets_move_by_the_region_scale_in_the_region_direction(offset, dx, dy):
    back = views()["back"]
    point = synthetic({"at": "psis", offset: 2}, "sacrum", "posterior")
    x0, y0 = landmark(back, "psis")
    axis = "lateral" if dx else "superior"
    x, y = position(atlas(), point, back)
    assert (x, y) == pytest.approx(
        (x0 + 2 * dx * scale(back, "sacrum", axis), y0 + 2 * dy * scale(back, "sacrum", axis))
    )


def test_an_offset_towards_the_viewer_does_not_move_the_point_on_the_chart():
    back = views()["back"]
    point = synthetic({"at": "psis", "posterior": 2}, "sacrum", "posterior")
    assert position(atlas(), point, back) == pytest.approx(landmark(back, "psis"))


def test_distal_on_the_hand_close_up_points_up_towards_the_fingers():
    dorsal = views()["hand_dorsal"]
    point = synthetic({"at": "dorsal_wrist_crease_mid", "distal": 2}, "hand", "posterior")
    _x, y = position(atlas(), point, dorsal)
    assert y == pytest.approx(
        landmark(dorsal, "dorsal_wrist_crease_mid")[1] - 2 * scale(dorsal, "hand", "proximal")
    )


def test_over_the_scalp_5_cun_behind_the_front_hairline_and_7_above_the_back_one_meet_at_the_vertex():
    side = views()["head_side"]
    from_front = synthetic(
        {"at": "anterior_hairline_mid", "superior": 5}, "head", "superior", False
    )
    from_back = synthetic(
        {"at": "posterior_hairline_mid", "superior": 7}, "head", "superior", False
    )
    vertex = landmark(side, "vertex")
    scalp_cun = (
        math.dist(landmark(side, "anterior_hairline_mid"), landmark(side, "posterior_hairline_mid"))
        / 12
    )
    assert math.dist(position(atlas(), from_front, side), vertex) < 0.15 * scalp_cun
    assert math.dist(position(atlas(), from_back, side), vertex) < 0.15 * scalp_cun


def test_lines_parallel_to_the_midline_over_the_crown_keep_their_distance_from_it():
    front = views()["head_front"]
    near = synthetic(
        {"at": "anterior_hairline_mid", "superior": 0.5, "lateral": 2.25}, "head", "anterior"
    )
    far = synthetic(
        {"at": "anterior_hairline_mid", "superior": 3, "lateral": 2.25}, "head", "superior"
    )
    (x_near, _), (x_far, _) = position(atlas(), near, front), position(atlas(), far, front)
    assert x_far == pytest.approx(x_near, rel=0.15)


def test_every_placement_carries_its_view_and_code():
    (gv4,) = require("GV4")
    (only,) = place(atlas(), gv4, views()["back"])
    assert (only.code, only.view, only.side) == ("GV4", "back", "midline")


def test_every_placement_on_every_view_falls_inside_the_figure():
    outside = [
        f"{placement.code} on {view.id}"
        for view in views().values()
        for point in atlas().points
        for placement in place(atlas(), point, view)
        if not view.contains(placement.x, placement.y)
    ]
    assert outside == []

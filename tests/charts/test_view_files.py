"""The view files: they load, a malformed one is refused with the file and field named, every
landmark the points use is drawn somewhere, and the landmarks keep the WHO proportions."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
import yaml

from acuback.charts import load_views
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.loading import data_root

from .helpers import atlas, landmark, scale, views

EXPECTED_VIEWS = {
    "front",
    "back",
    "side",
    "head_front",
    "head_side",
    "hand_dorsal",
    "hand_palmar",
    "foot_dorsal",
    "foot_medial",
    "foot_lateral",
    "foot_sole",
}


def test_all_eleven_views_load_in_order_of_priority_with_back_first():
    loaded = views()
    assert set(loaded) == EXPECTED_VIEWS
    assert list(loaded)[:3] == ["back", "front", "side"]


def test_front_back_and_head_front_are_mirrored_and_the_close_views_are_not():
    mirrored = {view_id for view_id, view in views().items() if view.mirrored}
    assert mirrored == {"front", "back", "head_front"}


def test_every_view_has_outlines_paths_and_polygons():
    for view in views().values():
        assert view.outline_layers
        assert all(layer for layer in view.outline_layers)
        assert all(
            d.startswith("M") and d.endswith("Z") for layer in view.outline_layers for d in layer
        )
        assert all(len(poly) > 10 for poly in view.polygons)


def test_every_landmark_of_a_view_lies_inside_its_figure():
    for view in views().values():
        for landmark_id, (x, y) in view.landmarks.items():
            assert view.contains(x, y), f"{landmark_id} lies outside the {view.id} figure"
            if view.mirrored:
                assert view.contains(-x, y), f"{landmark_id} mirror lies outside {view.id}"


def test_every_landmark_used_by_a_point_is_placed_in_at_least_one_view():
    used = {
        ref
        for point in atlas().points
        for ref in point.position.references
        if ref in atlas().landmarks
    }
    drawn = {landmark_id for view in views().values() for landmark_id in view.landmarks}
    assert sorted(used - drawn) == []


def test_every_landmark_of_landmarks_yaml_is_placed_in_at_least_one_view():
    drawn = {landmark_id for view in views().values() for landmark_id in view.landmarks}
    assert sorted(set(atlas().landmarks) - drawn) == []


# --- proportions (WHO 2008 proportional bone measurements) -----------------------------------


def _cun_between(view_id: str, a: str, b: str, region: str, axis: str = "superior") -> float:
    view = views()[view_id]
    (_, ya), (_, yb) = landmark(view, a), landmark(view, b)
    return abs(yb - ya) / scale(view, region, axis)


@pytest.mark.parametrize(
    ("view_id", "upper", "lower", "region", "cun"),
    [
        ("front", "suprasternal_notch", "xiphisternal_junction", "chest", 9),
        ("front", "xiphisternal_junction", "umbilicus", "abdomen", 8),
        ("front", "umbilicus", "pubic_symphysis_upper", "abdomen", 5),
        ("front", "pubic_symphysis_upper", "femur_medial_epicondyle", "thigh", 18),
        ("front", "tibia_medial_condyle_lower", "medial_malleolus_prominence", "lower_leg", 13),
        ("front", "lateral_knee_eye", "ankle_front_crease_mid", "lower_leg", 16),
        ("back", "greater_trochanter", "popliteal_crease_mid", "thigh", 19),
        ("back", "popliteal_crease_mid", "lateral_malleolus_prominence", "lower_leg", 16),
        ("front", "anterior_axillary_fold_end", "biceps_tendon_cubital_crease", "upper_arm", 9),
        ("side", "popliteal_crease_lateral_end", "lateral_malleolus_prominence", "lower_leg", 16),
    ],
)
def test_vertical_distances_between_landmarks_match_the_who_cun(view_id, upper, lower, region, cun):
    assert _cun_between(
        view_id,
        upper,
        lower,
        region,
        "proximal" if region not in {"chest", "abdomen"} else "superior",
    ) == pytest.approx(cun, abs=0.15)


def test_elbow_crease_to_wrist_crease_is_12_cun_along_the_forearm():
    front = views()["front"]
    (x1, y1) = landmark(front, "biceps_tendon_cubital_crease")
    (x2, y2) = landmark(front, "palmar_wrist_crease_mid")
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    assert length / scale(front, "forearm", "proximal") == pytest.approx(12, abs=0.3)


def test_the_nipples_are_8_cun_apart():
    front = views()["front"]
    assert 2 * landmark(front, "nipple")[0] / scale(front, "chest", "lateral") == pytest.approx(8)


def test_the_medial_borders_of_the_scapulae_are_6_cun_apart_at_t3():
    back = views()["back"]
    x, y = landmark(back, "scapula_spine_medial_end")
    assert 2 * x / scale(back, "upper_back", "lateral") == pytest.approx(6)
    assert y == pytest.approx(landmark(back, "below_spinous_t3")[1])


def test_the_vertebral_levels_run_in_order_from_c7_to_the_sacral_hiatus():
    back = views()["back"]
    ids = (
        ["below_spinous_c7"]
        + [f"below_spinous_t{n}" for n in range(1, 13)]
        + [f"below_spinous_l{n}" for n in range(1, 6)]
        + [f"sacral_foramen_{n}" for n in range(1, 5)]
        + ["sacral_hiatus", "coccyx_tip"]
    )
    levels = [landmark(back, i)[1] for i in ids]
    assert levels == sorted(levels)
    steps = [b - a for a, b in itertools.pairwise(levels)]
    assert min(steps) > 5
    assert max(steps) < 20
    assert all(landmark(back, i)[0] == 0 for i in ids)


@pytest.mark.parametrize(
    ("landmark_id", "level"),
    [
        ("scapula_inferior_angle", "below_spinous_t7"),
        ("iliac_crest_top", "below_spinous_l4"),
        ("scapula_spine_medial_end", "below_spinous_t3"),
    ],
)
def test_back_landmarks_sit_at_their_vertebral_level(landmark_id, level):
    back = views()["back"]
    gap = abs(landmark(back, landmark_id)[1] - landmark(back, level)[1])
    assert gap / scale(back, "upper_back", "superior") < 0.3


def test_the_umbilicus_lies_between_l3_and_l4_and_the_iliac_crests_below_the_lowest_ribs():
    front, back = views()["front"], views()["back"]
    assert landmark(back, "below_spinous_l3")[1] <= landmark(front, "umbilicus")[1]
    assert landmark(front, "umbilicus")[1] <= landmark(back, "below_spinous_l4")[1] + 5
    assert landmark(back, "rib12_free_end")[1] < landmark(back, "iliac_crest_top")[1]


# --- malformed files ---------------------------------------------------------------------------


def _copy_data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "body" / "views").mkdir(parents=True)
    shutil.copy(data_root() / "body" / "landmarks.yaml", root / "body" / "landmarks.yaml")
    shutil.copy(data_root() / "body" / "views" / "back.yaml", root / "body" / "views" / "back.yaml")
    return root


def _break(root: Path, change) -> DataFileError:
    path = root / "body" / "views" / "back.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    load_views.cache_clear()
    try:
        with pytest.raises(DataFileError) as caught:
            load_views(root)
    finally:
        load_views.cache_clear()
    return caught.value


def test_a_copy_of_a_valid_view_loads(tmp_path):
    root = _copy_data(tmp_path)
    load_views.cache_clear()
    try:
        assert list(load_views(root)) == ["back"]
    finally:
        load_views.cache_clear()


def test_an_unknown_landmark_is_refused_naming_file_view_and_field(tmp_path):
    error = _break(_copy_data(tmp_path), lambda d: d["landmarks"].update({"belly_button": [0, 1]}))
    assert str(error) == (
        "back.yaml: item view back: field 'landmarks.belly_button': "
        "is not a landmark of landmarks.yaml"
    )


def test_a_misspelt_field_is_refused(tmp_path):
    error = _break(_copy_data(tmp_path), lambda d: d.update({"mirorred": True}))
    assert str(error) == "back.yaml: item view back: field 'mirorred': is not a known field"


def test_a_negative_scale_is_refused_naming_the_region(tmp_path):
    error = _break(
        _copy_data(tmp_path), lambda d: d["regions"]["lower_back"]["cun"].update({"lateral": -3})
    )
    assert error.field == "regions.lower_back.cun.lateral"
    assert error.path.name == "back.yaml"


def test_a_direction_that_is_not_a_unit_vector_is_refused(tmp_path):
    error = _break(
        _copy_data(tmp_path),
        lambda d: d["regions"]["lower_back"]["axes"].update({"lateral": [2, 0, 0]}),
    )
    assert str(error) == (
        "back.yaml: item view back: field 'regions.lower_back.axes.lateral': "
        "must be a unit vector, has length 2.000"
    )


def test_a_midline_landmark_off_the_midline_is_refused(tmp_path):
    error = _break(
        _copy_data(tmp_path), lambda d: d["landmarks"].update({"below_spinous_l2": [3, 300]})
    )
    assert error.field == "landmarks.below_spinous_l2"
    assert "midline" in error.problem


def test_an_outline_whose_runs_do_not_join_is_refused(tmp_path):
    def split(document):
        document["outlines"][0]["runs"].append([[500, 500], [600, 600]])

    error = _break(_copy_data(tmp_path), split)
    assert error.field is not None
    assert error.field.startswith("outlines.0.runs")


def test_a_view_whose_id_differs_from_its_file_name_is_refused(tmp_path):
    error = _break(_copy_data(tmp_path), lambda d: d.update({"id": "rear"}))
    assert str(error) == "back.yaml: item view rear: field 'id': must match the file name"


def test_a_view_file_that_is_not_yaml_is_refused_with_its_line(tmp_path):
    root = _copy_data(tmp_path)
    (root / "body" / "views" / "back.yaml").write_text(
        "id: back\ntitle: [unclosed\n", encoding="utf-8"
    )
    load_views.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"^back\.yaml: is not valid YAML at line 3"):
            load_views(root)
    finally:
        load_views.cache_clear()


def test_defaults_fill_in_what_a_region_leaves_out(tmp_path):
    root = _copy_data(tmp_path)
    path = root / "body" / "views" / "back.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["defaults"] = {
        "aspects": ["posterior"],
        "cun": 12,
        "axes": {"superior": [0, -1, 0], "lateral": [1, 0, 0], "anterior": [0, 0, -1]},
    }
    document["regions"]["lower_back"] = {"cun": {"superior": 11}, "axes": {"proximal": [0, -1, 0]}}
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    load_views.cache_clear()
    try:
        frame = load_views(root)["back"].regions["lower_back"]  # type: ignore[index]
    finally:
        load_views.cache_clear()
    assert frame.cun == {"superior": 11, "lateral": 12, "anterior": 12, "proximal": 12}
    assert frame.axes["lateral"] == (1, 0, 0)
    assert frame.aspects == ("posterior",)

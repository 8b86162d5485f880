"""Chart positions checked against the WHO 2008 location texts, written here independently of the
point data: for each point, where the text says it is (landmark + so many cun in the view's scale)
and where the chart draws it must agree within a fraction of a cun."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from acuback.charts import View

from .helpers import landmark, require, right_of_view, scale, views

TOLERANCE_CUN = 0.25

Pt = tuple[float, float]


def lm(view: View, landmark_id: str) -> Pt:
    return landmark(view, landmark_id)


def step(view: View, start: Pt, region: str, axis: str, cun: float) -> Pt:
    """``start`` moved ``cun`` along ``axis`` (superior, lateral, anterior, proximal; negative for
    the opposite direction) with the region's scale and direction on this view."""
    vector = view.regions[region].axes[axis]  # type: ignore[index]
    assert isinstance(vector, tuple), "rules use views where the direction is constant"
    s = scale(view, region, axis)
    return (start[0] + cun * s * vector[0], start[1] + cun * s * vector[1])


def mid(a: Pt, b: Pt, fraction: float = 0.5) -> Pt:
    return (a[0] + fraction * (b[0] - a[0]), a[1] + fraction * (b[1] - a[1]))


def at_code(view: View, code: str) -> Pt:
    (point,) = require(code)
    placed = right_of_view(point, view)
    return (placed.x, placed.y)


Rule = Callable[[View], Pt]

# (code, view, region whose cun sets the tolerance, where WHO 2008 puts the point)
RULES: list[tuple[str, str, str, Rule]] = [
    # Lung
    ("LU1", "front", "chest", lambda v: (6 * scale(v, "chest", "lateral"), lm(v, "chest_ics1")[1])),
    (
        "LU7",
        "hand_palmar",
        "forearm",  # 1.5 cun above the crease, on the radial border
        lambda v: step(
            v,
            step(v, lm(v, "palmar_wrist_crease_radial"), "forearm", "proximal", 1.5),
            "forearm",
            "lateral",
            0.3,
        ),
    ),
    ("LU9", "hand_palmar", "forearm", lambda v: lm(v, "palmar_wrist_crease_radial")),
    ("LU11", "hand_palmar", "hand", lambda v: lm(v, "thumb_nail_corner_radial")),
    # Large intestine
    ("LI4", "hand_dorsal", "hand", lambda v: lm(v, "metacarpal2_mid_radial")),
    (
        "LI11",
        "front",
        "forearm",
        lambda v: mid(lm(v, "biceps_tendon_cubital_crease"), lm(v, "lateral_epicondyle")),
    ),
    ("LI15", "side", "shoulder", lambda v: lm(v, "acromion_anterior_depression")),
    ("LI20", "head_front", "face", lambda v: lm(v, "nasal_ala_mid")),
    # Stomach
    ("ST25", "front", "abdomen", lambda v: step(v, lm(v, "umbilicus"), "abdomen", "lateral", 2)),
    # ST35 (lateral knee eye) to ST41 (ankle crease) is 16 cun; ST36 3 cun and ST38 8 cun down that line
    (
        "ST36",
        "front",
        "lower_leg",
        lambda v: mid(lm(v, "lateral_knee_eye"), lm(v, "ankle_front_crease_mid"), 3 / 16),
    ),
    (
        "ST38",
        "front",
        "lower_leg",
        lambda v: mid(lm(v, "lateral_knee_eye"), lm(v, "ankle_front_crease_mid"), 8 / 16),
    ),
    ("ST44", "foot_dorsal", "foot", lambda v: lm(v, "web_toe2_3")),
    ("ST17", "front", "chest", lambda v: lm(v, "nipple")),
    # Spleen
    (
        "SP6",
        "front",
        "lower_leg",
        lambda v: step(v, lm(v, "medial_malleolus_prominence"), "lower_leg", "proximal", 3),
    ),
    (
        "SP6",
        "foot_medial",
        "lower_leg",
        lambda v: step(v, lm(v, "medial_malleolus_prominence"), "lower_leg", "proximal", 3),
    ),
    ("SP9", "front", "lower_leg", lambda v: lm(v, "tibia_medial_condyle_lower")),
    (
        "SP10",
        "front",
        "thigh",
        lambda v: step(v, lm(v, "patella_base_medial"), "thigh", "proximal", 2),
    ),
    ("SP15", "front", "abdomen", lambda v: step(v, lm(v, "umbilicus"), "abdomen", "lateral", 4)),
    ("SP21", "side", "chest", lambda v: lm(v, "midaxillary_ics6")),
    # Heart
    ("HT7", "hand_palmar", "forearm", lambda v: lm(v, "palmar_wrist_crease_ulnar")),
    (
        "HT5",
        "hand_palmar",
        "forearm",
        lambda v: step(v, lm(v, "palmar_wrist_crease_ulnar"), "forearm", "proximal", 1),
    ),
    (
        "HT3",
        "front",
        "forearm",
        lambda v: mid(lm(v, "cubital_crease_ulnar_end"), lm(v, "medial_epicondyle")),
    ),
    # Small intestine
    ("SI3", "hand_dorsal", "hand", lambda v: lm(v, "mcp5_ulnar_proximal")),
    ("SI11", "back", "upper_back", lambda v: lm(v, "infraspinous_fossa_center")),
    ("SI19", "head_side", "face", lambda v: lm(v, "tragus_front")),
    # Bladder
    (
        "BL13",
        "back",
        "upper_back",
        lambda v: step(v, lm(v, "below_spinous_t3"), "upper_back", "lateral", 1.5),
    ),
    (
        "BL17",
        "back",
        "upper_back",
        lambda v: step(v, lm(v, "below_spinous_t7"), "upper_back", "lateral", 1.5),
    ),
    (
        "BL23",
        "back",
        "lower_back",
        lambda v: step(v, lm(v, "below_spinous_l2"), "lower_back", "lateral", 1.5),
    ),
    (
        "BL25",
        "back",
        "lower_back",
        lambda v: step(v, lm(v, "below_spinous_l4"), "lower_back", "lateral", 1.5),
    ),
    (
        "BL52",
        "back",
        "lower_back",
        lambda v: step(v, lm(v, "below_spinous_l2"), "lower_back", "lateral", 3),
    ),
    (
        "BL28",
        "back",
        "sacrum",
        lambda v: step(v, lm(v, "sacral_foramen_2"), "sacrum", "lateral", 1.5),
    ),
    ("BL40", "back", "knee", lambda v: lm(v, "popliteal_crease_mid")),
    (
        "BL57",
        "back",
        "lower_leg",
        lambda v: step(v, lm(v, "popliteal_crease_mid"), "lower_leg", "proximal", -8),
    ),
    (
        "BL60",
        "foot_lateral",
        "foot",
        lambda v: step(v, lm(v, "lateral_malleolus_prominence"), "foot", "anterior", -0.5),
    ),
    # Kidney
    ("KI1", "foot_sole", "foot", lambda v: lm(v, "sole_front_third")),
    (
        "KI3",
        "foot_medial",
        "foot",
        lambda v: step(v, lm(v, "medial_malleolus_prominence"), "foot", "anterior", -0.5),
    ),
    (
        "KI7",
        "foot_medial",
        "lower_leg",
        lambda v: step(
            v,
            step(v, lm(v, "medial_malleolus_prominence"), "lower_leg", "proximal", 2),
            "lower_leg",
            "anterior",
            -0.5,
        ),
    ),
    ("KI16", "front", "abdomen", lambda v: step(v, lm(v, "umbilicus"), "abdomen", "lateral", 0.5)),
    (
        "KI27",
        "front",
        "chest",
        lambda v: step(
            v,
            step(v, lm(v, "suprasternal_notch"), "chest", "superior", -0.8),
            "chest",
            "lateral",
            2,
        ),
    ),
    # Pericardium
    (
        "PC6",
        "hand_palmar",
        "forearm",
        lambda v: step(v, lm(v, "palmar_wrist_crease_mid"), "forearm", "proximal", 2),
    ),
    (
        "PC6",
        "front",
        "forearm",
        lambda v: step(v, lm(v, "palmar_wrist_crease_mid"), "forearm", "proximal", 2),
    ),
    ("PC8", "hand_palmar", "hand", lambda v: lm(v, "palm_center")),
    ("PC9", "hand_palmar", "hand", lambda v: lm(v, "middle_finger_tip")),
    # Triple energizer
    (
        "TE5",
        "hand_dorsal",
        "forearm",
        lambda v: step(v, lm(v, "dorsal_wrist_crease_mid"), "forearm", "proximal", 2),
    ),
    ("TE14", "back", "shoulder", lambda v: lm(v, "acromion_posterior_depression")),
    ("TE17", "head_side", "head", lambda v: lm(v, "earlobe_back")),
    ("TE23", "head_front", "face", lambda v: lm(v, "eyebrow_lateral_end")),
    # Gallbladder
    ("GB20", "back", "neck", lambda v: lm(v, "occipital_depression_lateral")),
    (
        "GB21",
        "back",
        "shoulder",
        lambda v: mid(lm(v, "below_spinous_c7"), lm(v, "acromion_lateral_end")),
    ),
    (
        "GB30",
        "back",
        "buttock",
        lambda v: mid(lm(v, "greater_trochanter"), lm(v, "sacral_hiatus"), 1 / 3),
    ),
    ("GB34", "side", "lower_leg", lambda v: lm(v, "fibula_head_front")),
    (
        "GB39",
        "foot_lateral",
        "lower_leg",  # 3 cun above the malleolus, just anterior to the fibula
        lambda v: step(
            v,
            step(v, lm(v, "lateral_malleolus_prominence"), "lower_leg", "proximal", 3),
            "lower_leg",
            "anterior",
            0.3,
        ),
    ),
    ("GB25", "side", "lower_back", lambda v: lm(v, "rib12_free_end")),
    ("GB24", "front", "chest", lambda v: step(v, lm(v, "chest_ics7"), "chest", "lateral", 4)),
    # Liver
    ("LR3", "foot_dorsal", "foot", lambda v: lm(v, "metatarsal1_2_junction")),
    ("LR8", "front", "knee", lambda v: lm(v, "popliteal_crease_medial_end")),
    ("LR13", "side", "abdomen", lambda v: lm(v, "rib11_free_end")),
    ("LR14", "front", "chest", lambda v: step(v, lm(v, "chest_ics6"), "chest", "lateral", 4)),
    # Governing vessel
    ("GV3", "back", "lower_back", lambda v: lm(v, "below_spinous_l4")),
    ("GV4", "back", "lower_back", lambda v: lm(v, "below_spinous_l2")),
    ("GV14", "back", "neck", lambda v: lm(v, "below_spinous_c7")),
    ("GV20", "head_side", "face", lambda v: lm(v, "vertex")),
    (
        "GV26",
        "head_front",
        "face",
        lambda v: mid(lm(v, "nose_base_mid"), lm(v, "upper_lip_mid"), 1 / 3),
    ),
    # Conception vessel
    ("CV4", "front", "abdomen", lambda v: step(v, lm(v, "umbilicus"), "abdomen", "superior", -3)),
    ("CV6", "front", "abdomen", lambda v: step(v, lm(v, "umbilicus"), "abdomen", "superior", -1.5)),
    ("CV12", "front", "abdomen", lambda v: step(v, lm(v, "umbilicus"), "abdomen", "superior", 4)),
    ("CV17", "front", "chest", lambda v: (0.0, lm(v, "nipple")[1])),
    # Extra points
    (
        "EX-B2",
        "back",
        "lower_back",
        lambda v: step(v, lm(v, "below_spinous_l3"), "lower_back", "lateral", 0.5),
    ),
]


def test_the_rules_cover_at_least_40_points_of_all_14_meridians():
    codes = {code for code, *_ in RULES}
    meridians = {code.rstrip("0123456789") for code in codes if not code.startswith("EX-")}
    assert len(codes) >= 40
    assert meridians == {
        "LU",
        "LI",
        "ST",
        "SP",
        "HT",
        "SI",
        "BL",
        "KI",
        "PC",
        "TE",
        "GB",
        "LR",
        "GV",
        "CV",
    }


@pytest.mark.parametrize(
    ("code", "view_id", "region", "rule"), RULES, ids=[f"{c}-{v}" for c, v, *_ in RULES]
)
def test_chart_position_matches_the_who_location(code, view_id, region, rule):
    view = views()[view_id]
    expected = rule(view)
    drawn = at_code(view, code)
    unit = min(scale(view, region, "superior"), scale(view, region, "lateral"))
    assert math.dist(drawn, expected) <= TOLERANCE_CUN * unit, (
        f"{code} on {view_id}: drawn at {drawn}, WHO puts it at {expected} "
        f"({math.dist(drawn, expected) / unit:.2f} cun away)"
    )


def test_lu5_and_pc3_lie_on_the_elbow_crease_either_side_of_the_biceps_tendon():
    front = views()["front"]
    tendon = lm(front, "biceps_tendon_cubital_crease")
    lu5, pc3 = at_code(front, "LU5"), at_code(front, "PC3")
    assert lu5[0] > tendon[0] > pc3[0]  # radial (lateral, +x) and ulnar sides on the x > 0 arm
    unit = scale(front, "forearm", "proximal")
    assert abs(lu5[1] - tendon[1]) < 0.3 * unit
    assert abs(pc3[1] - tendon[1]) < 0.3 * unit


def test_li10_is_2_cun_below_li11_on_the_line_to_li5():
    side = views()["side"]
    li11, li10, li5 = at_code(side, "LI11"), at_code(side, "LI10"), at_code(side, "LI5")
    unit = scale(side, "forearm", "proximal")
    assert math.dist(li11, li10) / unit == pytest.approx(2, abs=0.25)
    assert math.dist(li11, li10) + math.dist(li10, li5) == pytest.approx(
        math.dist(li11, li5), abs=0.5
    )


def test_st40_is_1_cun_lateral_to_st38():
    front = views()["front"]
    st38, st40 = at_code(front, "ST38"), at_code(front, "ST40")
    assert (st40[0] - st38[0]) / scale(front, "lower_leg", "lateral") == pytest.approx(1, abs=0.05)
    assert st40[1] == pytest.approx(st38[1])


def test_bl62_is_directly_below_the_lateral_malleolus():
    foot = views()["foot_lateral"]
    malleolus, bl62 = lm(foot, "lateral_malleolus_prominence"), at_code(foot, "BL62")
    unit = scale(foot, "foot", "superior")
    assert abs(bl62[0] - malleolus[0]) < 0.2 * unit
    assert 0.4 < (bl62[1] - malleolus[1]) / unit < 1.0


def test_ki6_is_1_cun_below_the_medial_malleolus():
    foot = views()["foot_medial"]
    malleolus, ki6 = lm(foot, "medial_malleolus_prominence"), at_code(foot, "KI6")
    unit = scale(foot, "foot", "superior")
    assert abs(ki6[0] - malleolus[0]) < 0.2 * unit
    assert (ki6[1] - malleolus[1]) / unit == pytest.approx(1, abs=0.2)


def test_st8_lies_just_within_the_hairline_at_its_corner():
    front = views()["head_front"]
    corner, st8 = lm(front, "anterior_hairline_corner"), at_code(front, "ST8")
    assert st8[1] < corner[1]
    assert abs(st8[0] - corner[0]) < 8


def test_gv20_gv21_gv22_gv23_gv24_run_from_the_vertex_to_the_front_hairline_in_order():
    side = views()["head_side"]
    xs = [at_code(side, f"GV{n}")[0] for n in (20, 21, 22, 23, 24)]
    assert xs == sorted(xs)
    hairline = lm(side, "anterior_hairline_mid")
    assert math.dist(at_code(side, "GV24"), hairline) < math.dist(at_code(side, "GV23"), hairline)


def test_the_back_shu_points_step_down_the_spine_1_5_cun_from_the_midline():
    back = views()["back"]
    codes = [f"BL{n}" for n in range(11, 31)]
    placed = [at_code(back, code) for code in codes]
    assert [y for _, y in placed] == sorted(y for _, y in placed)
    for code, (x, _) in zip(codes, placed, strict=True):
        region = "sacrum" if code in {"BL27", "BL28", "BL29", "BL30"} else "upper_back"
        assert x / scale(back, region, "lateral") == pytest.approx(1.5, abs=0.01), code

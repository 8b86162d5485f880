"""The atlas holds the 361 WHO standard points on 14 meridians, plus the extra points back-pain care uses."""

from __future__ import annotations

import pytest

from acuback.knowledge import Atlas

WHO_COUNTS = {
    "LU": 11, "LI": 20, "ST": 45, "SP": 21, "HT": 9, "SI": 19, "BL": 67,
    "KI": 27, "PC": 9, "TE": 23, "GB": 44, "LR": 14, "GV": 28, "CV": 24,
}  # fmt: skip
BACK_PAIN_EXTRAS = ["EX-B2", "EX-UE7", "EX-B7", "EX-B8", "EX-HN15"]


@pytest.mark.parametrize(("meridian", "count"), WHO_COUNTS.items())
def test_each_meridian_has_its_who_point_count(atlas: Atlas, meridian: str, count: int) -> None:
    points = atlas.points_of(meridian)

    assert [p.code for p in points] == [f"{meridian}{n}" for n in range(1, count + 1)]
    assert atlas.meridian(meridian).point_count == count


def test_the_fourteen_meridians_hold_361_points(atlas: Atlas) -> None:
    regular = [p for p in atlas.points if p.meridian != "EX"]

    assert len(atlas.meridians) == 14
    assert len(regular) == 361


def test_every_code_is_unique_across_all_spellings(atlas: Atlas) -> None:
    owners: dict[str, str] = {}
    for point in atlas.points:
        for code in atlas.codes_of(point):
            key = code.replace("-", "").replace(" ", "").lower()
            assert owners.setdefault(key, point.code) == point.code, f"{code} names two points"


@pytest.mark.parametrize("code", BACK_PAIN_EXTRAS)
def test_the_back_pain_extra_points_are_present(atlas: Atlas, code: str) -> None:
    assert atlas.point(code).meridian == "EX"


def test_jiaji_is_found_by_its_common_name(atlas: Atlas) -> None:
    assert atlas.point("Huatuojiaji").code == "EX-B2"


def test_midline_points_are_single_and_channel_points_bilateral(atlas: Atlas) -> None:
    for point in atlas.points:
        if point.meridian in {"GV", "CV"}:
            assert not point.bilateral, point.code
        elif point.meridian != "EX":
            assert point.bilateral, point.code


@pytest.mark.parametrize(
    ("code", "kind"),
    [("LI4", "pregnancy"), ("SP6", "pregnancy"), ("BL60", "pregnancy"), ("BL67", "pregnancy"),
     ("GB21", "pregnancy"), ("GB21", "lung"), ("LU1", "lung"), ("BL13", "lung"), ("ST9", "vessel"),
     ("BL1", "eye"), ("GV16", "spinal_cord")],
)  # fmt: skip
def test_standard_cautions_are_recorded_with_a_source(atlas: Atlas, code: str, kind: str) -> None:
    cautions = [c for c in atlas.point(code).cautions if c.kind == kind]

    assert cautions, f"{code} lacks its {kind} caution"
    assert all(c.source in atlas.sources for c in cautions)


def test_lung_cautions_on_the_upper_back_give_a_safe_depth(atlas: Atlas) -> None:
    for code in ["GB21", "BL11", "BL13", "BL15", "BL42", "SI14", "LU1"]:
        lung = [c for c in atlas.point(code).cautions if c.kind == "lung"]
        assert lung, code
        assert all(c.max_depth_cun for c in lung), code


def test_back_shu_points_name_their_organ(atlas: Atlas) -> None:
    expected = {
        "BL13": "lung",
        "BL15": "heart",
        "BL18": "liver",
        "BL20": "spleen",
        "BL23": "kidney",
    }
    for code, organ in expected.items():
        shu = [c for c in atlas.point(code).categories if c.kind == "back_shu"]
        assert shu, code
        assert organ in (shu[0].detail or "").lower(), code


def test_knowledge_version_is_stable_for_the_same_files(atlas: Atlas) -> None:
    from acuback.knowledge import build_atlas
    from acuback.knowledge.loading import data_root

    assert build_atlas(data_root()).version == atlas.version
    assert len(atlas.version) == 12


def test_a_safe_depth_is_never_deeper_than_the_needle_goes(atlas: Atlas) -> None:
    """``max_depth_cun`` is the depth of the tip below the skin (docs/data-format.md): it cannot
    exceed the longest insertion, and under a lung caution on an oblique or transverse path it is
    less, since such a path runs at a slant under the skin. LU1 once gave its 1 cun of needle here."""
    too_deep = []
    for point in atlas.points:
        longest = point.needling.depth_cun[1] if point.needling.depth_cun else None
        for caution in point.cautions:
            depth = caution.max_depth_cun
            if depth is None:
                continue
            slanted = point.needling.angle.value != "perpendicular"
            if (
                longest is None
                or depth > longest
                or (caution.kind.value == "lung" and slanted and depth >= longest)
            ):
                too_deep.append((point.code, caution.kind.value, depth, longest))
    assert too_deep == []


@pytest.mark.parametrize("code", ["LU1", "LU2", "ST13", "ST14", "ST15", "ST16", "ST18"])
def test_chest_points_keep_the_tip_within_half_a_cun(atlas: Atlas, code: str) -> None:
    (lung,) = [c for c in atlas.point(code).cautions if c.kind.value == "lung"]
    assert lung.max_depth_cun == 0.5
    assert "editorial limit" in lung.text

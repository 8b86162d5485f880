"""Any spelling of a point finds it: codes, pinyin with or without tones, characters, English names."""

from __future__ import annotations

import pytest

from acuback.knowledge import Atlas, UnknownPoint
from acuback.knowledge.models import Point
from acuback.knowledge.spelling import fold, fold_tones


def _variants(name: str) -> set[str]:
    spaced = " ".join(name)  # "B L 4 0", "委 中"
    return {name, name.lower(), name.upper(), f"  {name} ", spaced, name.replace("-", " ")}


def _resolves_to(atlas: Atlas, query: str, point: Point) -> bool:
    try:
        return atlas.point(query).code == point.code
    except UnknownPoint as exc:
        # Two points may share a spelling (KI15 Zhōngzhù and TE3 Zhōngzhǔ without tones):
        # the lookup must then refuse and offer both, never pick one silently.
        same = [p for p in atlas.points if _shares_name(atlas, p, query)]
        return len(same) > 1 and point.code in exc.suggestions


def _shares_name(atlas: Atlas, point: Point, query: str) -> bool:
    keys = {fold(query), fold_tones(query)}
    return any(fold(n) in keys or fold_tones(n) in keys for n in atlas.names_of(point))


def test_every_point_is_found_by_every_spelling(atlas: Atlas) -> None:
    failures = []
    for point in atlas.points:
        for name in atlas.names_of(point):
            for query in _variants(name) | {fold_tones(name)}:
                if not _resolves_to(atlas, query, point):
                    failures.append(f"{query!r} -> not {point.code}")
    assert failures == []


@pytest.mark.parametrize(
    ("query", "code"),
    [("bl40", "BL40"), ("UB40", "BL40"), ("b 40", "BL40"), ("wei zhong", "BL40"), ("Wěizhōng", "BL40"),
     ("委中", "BL40"), ("du4", "GV4"), ("Ren 6", "CV6"), ("sj5", "TE5"), ("liv3", "LR3"), ("p6", "PC6"),
     ("k3", "KI3"), ("ex b2", "EX-B2"), ("exb2", "EX-B2"), ("yao tong dian", "EX-UE7")],
)  # fmt: skip
def test_common_spellings(atlas: Atlas, query: str, code: str) -> None:
    assert atlas.point(query).code == code


def test_a_shared_toneless_pinyin_is_refused_with_both_points(atlas: Atlas) -> None:
    with pytest.raises(UnknownPoint) as caught:
        atlas.point("zhongzhu")

    assert set(caught.value.suggestions) >= {"KI15", "TE3"}


def test_tone_marks_tell_apart_what_plain_pinyin_cannot(atlas: Atlas) -> None:
    assert atlas.point("Zhōngzhù").code != atlas.point("Zhōngzhǔ").code


def test_an_unknown_code_suggests_near_names(atlas: Atlas) -> None:
    with pytest.raises(UnknownPoint, match="No acupuncture point matches 'BL99'"):
        atlas.point("BL99")


def test_search_ranks_exact_matches_first(atlas: Atlas) -> None:
    found = atlas.search("shenshu")

    assert found[0].code == "BL23"


def test_search_finds_by_part_of_an_english_name(atlas: Atlas) -> None:
    codes = [p.code for p in atlas.search("kidney shu")]

    assert "BL23" in codes


def test_get_finds_every_point_by_its_exact_who_code(atlas: Atlas) -> None:
    assert all(atlas.get(point.code) is point for point in atlas.points)


@pytest.mark.parametrize("code", ["ASHI", "BL99", "bl23", "UB23", "DU4", "GV29", "weizhong", ""])
def test_get_answers_none_for_anything_but_an_exact_who_code(atlas: Atlas, code: str) -> None:
    # No folding, no other codes (UB23, DU4, GV29 for EX-HN3), no names: those are point()'s job.
    assert atlas.get(code) is None


def test_get_agrees_with_point_on_who_codes(atlas: Atlas) -> None:
    for point in atlas.points:
        assert atlas.point(point.code) is atlas.get(point.code)

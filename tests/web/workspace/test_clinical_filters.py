"""The point-name filter: exact WHO codes, other spellings a person typed, Ashi and nonsense."""

from __future__ import annotations

import pytest

from acuback.knowledge import load_atlas
from acuback.web.workspace.templatetags.clinical import point_name


def test_a_who_code_shows_pinyin_and_english() -> None:
    bl23 = load_atlas().point("BL23")
    assert point_name("BL23") == f"{bl23.pinyin} · {bl23.english}"


@pytest.mark.parametrize("typed", ["UB23", "ub23", " B23 ", "Shenshu"])
def test_other_spellings_find_the_same_point(typed: str) -> None:
    assert point_name(typed) == point_name("BL23")


@pytest.mark.parametrize("code", ["ASHI", "ashi", "", None, "XX99", "not a point"])
def test_ashi_blank_and_unknown_codes_show_nothing(code: str | None) -> None:
    assert point_name(code) == ""

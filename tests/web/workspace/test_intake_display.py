"""The intake as the practitioner reads it: what the pain feels like sits with the pain."""

from __future__ import annotations

from acuback.core.intake import parse_intake
from acuback.web.workspace.intake_display import readable


def _pain_rows(**answers: object) -> dict[str, str]:
    _patient, pain, *_rest = readable(parse_intake({"age": 40, **answers}))
    return dict(pain.rows)


def test_what_the_pain_feels_like_is_shown_with_the_pain() -> None:
    rows = _pain_rows(pain_quality=["stabbing", "dull_ache"], better=["rest"])

    assert rows["Feels"] == "Stabbing, Dull ache"
    assert rows["Better with"] == "Rest"


def test_an_unanswered_pain_quality_shows_no_row() -> None:
    assert "Feels" not in _pain_rows(better=["rest"])

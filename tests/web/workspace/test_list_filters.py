"""The list filters give what the template code they replace gave: same badge, same URLs."""

from __future__ import annotations

import pytest
from django.urls import reverse, set_script_prefix

from acuback.web.workspace.templatetags.lists import pk_url, triage_badge


@pytest.mark.parametrize(
    ("level", "words", "css"),
    [
        ("emergency", "Emergency", "badge emergency"),
        ("urgent", "Urgent", "badge urgent"),
        ("routine_review", "Routine review", "badge routine_review"),
        ("none", "No referral", "badge none"),
    ],
)
def test_a_level_reads_as_its_badge(level: str, words: str, css: str) -> None:
    badge = triage_badge(level)

    assert f'class="{css}"' in badge
    assert f">{words}</span>" in badge
    assert 'title="Latest triage level"' in badge


def test_no_level_is_a_dash_that_says_why() -> None:
    assert triage_badge(None) == '<span class="muted" title="No assessment yet">—</span>'
    assert triage_badge("") == triage_badge(None)


def test_a_level_cannot_inject_markup() -> None:
    badge = triage_badge('x" onclick="alert(1)')

    assert 'onclick="alert' not in badge
    assert "&quot;" in badge


@pytest.mark.parametrize(
    "name", ["workspace:chart", "charting:new_note", "schedule:appointment", "portal:invite"]
)
@pytest.mark.parametrize("pk", [1, 42, 918273645, 10**12])
def test_pk_url_is_what_reverse_gives(name: str, pk: int) -> None:
    assert pk_url(pk, name) == reverse(name, args=[pk])


def test_pk_url_follows_the_script_prefix() -> None:
    try:
        set_script_prefix("/clinic/")
        assert pk_url(7, "workspace:chart") == "/clinic/workspace/patients/7/"
    finally:
        set_script_prefix("/")
    assert pk_url(7, "workspace:chart") == "/workspace/patients/7/"


def test_pk_url_refuses_what_is_not_a_key() -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        pk_url("7/../../admin", "workspace:chart")

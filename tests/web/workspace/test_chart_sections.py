"""The chart's clinical sections are rendered once per intake and assessment, and never stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

import pytest

from acuback.web.workspace import chart_sections
from tests.web.charting.builders import PREGNANT, assess_patient
from tests.web.conftest import World, client_for


def _chart(world: World) -> str:
    response = client_for(world.alice).get(f"/workspace/patients/{world.paula.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_view_reuses_the_rendered_sections(world: World) -> None:
    assess_patient(world.paula)
    first = _chart(world)

    with mock.patch.object(chart_sections, "_context", side_effect=AssertionError) as context:
        second = _chart(world)

    assert context.call_count == 0  # nothing re-parsed or re-rendered
    start = first.index('<section id="assessment"')
    end = first.index('<section id="care"')
    assert second[start:end] == first[start:end]


def test_a_new_assessment_shows_at_once(world: World) -> None:
    assess_patient(world.paula)
    before = _chart(world)
    newer = assess_patient(world.paula, PREGNANT)

    after = _chart(world)

    assert newer.result["triage"]["summary"] in after
    assert after != before
    assert "pregnan" in after.lower()


def test_renaming_the_patient_renames_the_body_chart(world: World) -> None:
    assess_patient(world.paula)
    assert str(world.paula) in _chart(world)
    world.paula.family_name = "Renamed"
    world.paula.save()

    page = _chart(world)

    body_chart = page[page.index('<section id="prescription"') :]
    assert "Renamed" in body_chart[: body_chart.index("</svg>")]


def test_the_sections_hold_nothing_of_the_user_who_opened_them(world: World) -> None:
    assess_patient(world.paula)

    page = _chart(world)

    sections = page[page.index('<section id="assessment"') : page.index('<section id="care"')]
    assert "csrfmiddlewaretoken" not in sections
    assert world.alice.username not in sections


def test_a_changed_data_file_changes_the_key(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACUBACK_DATA_DIR", str(data_copy))
    chart_sections._fingerprint.cache_clear()
    try:
        before = chart_sections._fingerprint()
        sources = data_copy / "sources.yaml"
        sources.write_text(sources.read_text() + "\n# edited\n")
        chart_sections._fingerprint.cache_clear()

        assert chart_sections._fingerprint() != before
    finally:
        monkeypatch.delenv("ACUBACK_DATA_DIR")
        chart_sections._fingerprint.cache_clear()


def test_a_reused_row_id_with_another_time_is_another_key(world: World) -> None:
    stored = assess_patient(world.paula)
    intake_row = stored.intake
    key = chart_sections._key(world.paula, intake_row, stored)

    stored.created_at = stored.created_at + dt.timedelta(seconds=1)  # same id, another row

    assert chart_sections._key(world.paula, intake_row, stored) != key

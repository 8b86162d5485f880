"""Saved point combinations: each practitioner's own, saved from a plan or note and applied to either;
applying still runs the safety screen."""

from __future__ import annotations

import pytest

from acuback.web.charting import notes, services
from acuback.web.charting.models import PlanOrigin, SavedCombination
from tests.factories import make_user
from tests.web.charting.builders import PREGNANT, assess_patient
from tests.web.conftest import World, client_for


def _plan(world: World, *codes: str):
    plan, _outcome = services.start_plan(world.paula, origin=PlanOrigin.BLANK, by=world.alice)
    for code in codes:
        services.add_plan_point(plan, code, by=world.alice)
    return plan


def test_a_plans_points_are_saved_under_a_name_and_replaced_by_the_same_name(world: World) -> None:
    plan = _plan(world, "BL23", "GV4")

    client_for(world.alice).post(
        f"/charting/plans/{plan.pk}/combination/save/", {"name": "Lumbar basic"}
    )
    services.add_plan_point(plan, "BL40", by=world.alice)
    client_for(world.alice).post(
        f"/charting/plans/{plan.pk}/combination/save/", {"name": "Lumbar basic"}
    )

    saved = SavedCombination.objects.get()
    assert (saved.practitioner, saved.name) == (world.alice, "Lumbar basic")
    assert saved.points == [
        {"code": "BL23", "side": "both"},
        {"code": "GV4", "side": "midline"},
        {"code": "BL40", "side": "both"},
    ]


def test_a_combination_without_a_name_or_points_is_refused(world: World) -> None:
    with pytest.raises(services.ChartingError, match="Give the combination a name"):
        services.save_combination(world.alice, "  ", [("BL23", "both")])
    with pytest.raises(services.ChartingError, match="no points"):
        services.save_combination(world.alice, "Empty", [])


def test_applying_a_combination_adds_its_points_but_not_those_the_screen_withholds(
    world: World,
) -> None:
    assess_patient(world.paula, PREGNANT)
    combination = services.save_combination(
        world.alice, "Distal", [("BL40", "both"), ("SP6", "both"), ("LI4", "left")]
    )
    plan = _plan(world)

    outcome = services.apply_combination_to_plan(plan, combination, by=world.alice)

    assert outcome.added == ["BL40"]
    assert [code for code, _reason in outcome.refused] == ["SP6", "LI4"]
    assert outcome.refused[0][1].startswith("Pregnant: the traditionally forbidden points")
    assert [p.code for p in plan.points.all()] == ["BL40"]


def test_a_plan_can_start_from_a_combination(world: World) -> None:
    combination = services.save_combination(
        world.alice, "Neck", [("GB20", "both"), ("SI3", "right")]
    )

    plan, outcome = services.start_plan(
        world.paula, origin=PlanOrigin.COMBINATION, combination=combination, by=world.alice
    )

    assert [(p.code, p.side) for p in plan.points.all()] == [("GB20", "both"), ("SI3", "right")]
    assert outcome.added == ["GB20", "SI3"]


def test_a_note_starts_from_a_combination(world: World) -> None:
    combination = services.save_combination(
        world.alice, "Lumbar", [("BL23", "both"), ("BL25", "both")]
    )

    started = notes.start_note(
        world.paula, source="combination", combination=combination, by=world.alice
    )

    assert [p.code for p in started.note.points.all()] == ["BL23", "BL25"]


def test_combinations_belong_to_one_practitioner(world: World) -> None:
    services.save_combination(world.alice, "Mine", [("BL23", "both")])
    olga = make_user(world.clinic_a, "practitioner", "olga")

    assert services.combinations_of(olga) == []
    with pytest.raises(services.ChartingError):
        services.combination_for(olga, SavedCombination.objects.get().pk)


def test_a_combination_is_applied_to_a_draft_note_from_the_note_page(world: World) -> None:
    combination = services.save_combination(
        world.alice, "Lumbar", [("BL23", "both"), ("BL25", "both")]
    )
    note = notes.start_note(world.paula, source="blank", by=world.alice).note

    response = client_for(world.alice).post(
        f"/charting/notes/{note.pk}/save/",
        {
            "action": "apply_combination",
            "combination": combination.pk,
            "note-style": "tcm",
            "points-TOTAL_FORMS": 0,
            "points-INITIAL_FORMS": 0,
            "points-MIN_NUM_FORMS": 0,
            "points-MAX_NUM_FORMS": 1000,
            "add-point": "",
            "add-side": "",
        },
    )

    assert response.status_code == 302
    assert [p.code for p in note.points.all()] == ["BL23", "BL25"]

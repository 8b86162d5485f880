"""Saving a step replaces only the answers that step owns, and only when the core accepts them."""

from __future__ import annotations

import pytest

from acuback.web.audit.models import AuditEvent
from acuback.web.intake.models import IntakeForm
from acuback.web.intake.services import IntakeClosed, problems_by_step, save_step, start_intake
from acuback.web.intake.steps import STEP_BY_SLUG
from tests.web.conftest import World


def test_a_step_replaces_its_own_answers_and_keeps_the_rest(draft: IntakeForm) -> None:
    IntakeForm.objects.filter(pk=draft.pk).update(
        answers={"age": 50, "medicines": {"nsaid": "yes"}, "treatments_tried": ["massage"]}
    )
    draft.refresh_from_db()

    problems = save_step(draft, STEP_BY_SLUG["treatments"], {"previous_episodes": "no"})

    assert problems == []
    draft.refresh_from_db()
    assert draft.answers == {"age": 50, "previous_episodes": "no"}
    assert draft.current_step == "treatments"
    assert (
        AuditEvent.objects.get(action="update").summary == "questionnaire step 'treatments' saved"
    )


def test_answers_the_core_refuses_are_not_saved(draft: IntakeForm) -> None:
    IntakeForm.objects.filter(pk=draft.pk).update(answers={"age": 50})
    draft.refresh_from_db()

    problems = save_step(draft, STEP_BY_SLUG["intensity"], {"intensity": {"now": 11}})

    assert [(p.field, p.message) for p in problems] == [
        ("intensity.now", "Input should be less than or equal to 10")
    ]
    draft.refresh_from_db()
    assert draft.answers == {"age": 50}


def test_a_missing_age_does_not_block_the_other_steps(draft: IntakeForm) -> None:
    assert save_step(draft, STEP_BY_SLUG["intensity"], {"intensity": {"now": 2}}) == []
    assert [(p.field, p.message) for p in problems_by_step(draft.answers)["about"]] == [
        ("age", "is required")
    ]


def test_another_tab_does_not_undo_a_saved_step(draft: IntakeForm) -> None:
    stale = IntakeForm.objects.get(pk=draft.pk)
    save_step(draft, STEP_BY_SLUG["intensity"], {"intensity": {"now": 2}})

    save_step(stale, STEP_BY_SLUG["onset"], {"onset": {"how": "fall"}})

    draft.refresh_from_db()
    assert draft.answers == {"intensity": {"now": 2}, "onset": {"how": "fall"}}


def test_a_submitted_questionnaire_is_closed(draft: IntakeForm) -> None:
    IntakeForm.objects.filter(pk=draft.pk).update(status="submitted")

    with pytest.raises(IntakeClosed):
        save_step(draft, STEP_BY_SLUG["intensity"], {"intensity": {"now": 2}})


def test_starting_resumes_the_open_draft(world: World, draft: IntakeForm) -> None:
    assert start_intake(world.paula, user=world.paula_user) == draft

    IntakeForm.objects.filter(pk=draft.pk).update(status="submitted")
    fresh = start_intake(world.paula, user=world.paula_user)

    assert fresh != draft
    assert (fresh.status, fresh.current_step, fresh.entered_by) == (
        "draft",
        "about",
        world.paula_user,
    )

"""Submitting validates with the core, stores the core's assessment whole, and alerts on an emergency."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from acuback.core.assess import assess
from acuback.core.errors import InvalidIntake
from acuback.core.intake import parse_intake
from acuback.knowledge import load_atlas
from acuback.web.audit.models import AuditEvent
from acuback.web.clinics.models import Clinic
from acuback.web.intake.models import Assessment, ClinicAlert, IntakeForm
from acuback.web.intake.services import submit_intake
from tests.web.conftest import World

AS_OF = dt.date(2026, 11, 25)
ANSWERS = {
    "age": 52,
    "pain_sites": [{"region": "lower_back", "side": "both"}],
    "onset": {"date": "2026-06-01"},
    "worse": ["cold", "damp", "morning"],
    "better": ["warmth"],
    "other_complaints": {"feels_cold": "yes", "heavy_limbs": "yes"},
}


def _draft_with(draft: IntakeForm, answers: dict[str, Any]) -> IntakeForm:
    IntakeForm.objects.filter(pk=draft.pk).update(answers=answers)
    draft.refresh_from_db()
    return draft


def test_the_stored_assessment_is_the_cores(draft: IntakeForm) -> None:
    expected = assess(parse_intake(ANSWERS), load_atlas(), as_of=AS_OF)

    stored = submit_intake(_draft_with(draft, ANSWERS), as_of=AS_OF)

    assert stored.result == expected.model_dump(mode="json")
    assert (stored.triage_level, stored.duration_class, stored.top_pattern) == (
        "none",
        "chronic",
        "cold_damp",
    )
    assert stored.knowledge_version == expected.knowledge_version
    assert stored.as_of == AS_OF
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert draft.submitted_at is not None
    actions = sorted(AuditEvent.objects.values_list("action", "object_type"))
    assert actions == [("create", "Assessment"), ("sign", "IntakeForm")]


def test_an_emergency_raises_an_alert_and_emails_the_clinic(
    world: World, draft: IntakeForm
) -> None:
    Clinic.objects.filter(pk=world.clinic_a.pk).update(email="desk@north.example")
    answers = {**ANSWERS, "red_flags": {"new_bladder_dysfunction": "yes"}}

    stored = submit_intake(_draft_with(draft, answers), as_of=AS_OF)

    assert stored.triage_level == "emergency"
    assert stored.result["prescription"] is None
    alert = ClinicAlert.objects.get()
    assert (alert.level, alert.assessment, alert.clinic_id) == (
        "emergency",
        stored,
        world.clinic_a.pk,
    )
    assert [m.to for m in mail.outbox] == [["desk@north.example"]]


def test_an_urgent_result_raises_no_alert(draft: IntakeForm) -> None:
    stored = submit_intake(
        _draft_with(draft, {**ANSWERS, "conditions": {"cancer_history": "yes"}}), as_of=AS_OF
    )

    assert stored.triage_level == "urgent"
    assert ClinicAlert.objects.count() == 0
    assert mail.outbox == []


def test_an_invalid_questionnaire_changes_nothing(draft: IntakeForm) -> None:
    _draft_with(draft, {"intensity": {"now": 3}})

    with pytest.raises(InvalidIntake) as caught:
        submit_intake(draft, as_of=AS_OF)

    assert [(p.field, p.message) for p in caught.value.problems] == [("age", "is required")]
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert Assessment.objects.count() == 0


def test_an_onset_after_the_assessment_date_is_refused(draft: IntakeForm) -> None:
    _draft_with(draft, {**ANSWERS, "onset": {"date": "2026-12-01"}})

    with pytest.raises(InvalidIntake) as caught:
        submit_intake(draft, as_of=AS_OF)

    assert caught.value.problems[0].field == "onset.date"
    assert Assessment.objects.count() == 0


def test_a_failing_mail_server_does_not_undo_the_submission(
    world: World,
    draft: IntakeForm,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    Clinic.objects.filter(pk=world.clinic_a.pk).update(email="desk@north.example")

    def mail_server_down(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr("acuback.web.intake.services.send_mail", mail_server_down)

    stored = submit_intake(
        _draft_with(draft, {**ANSWERS, "red_flags": {"saddle_numbness": "yes"}}), as_of=AS_OF
    )

    assert stored.triage_level == "emergency"
    assert ClinicAlert.objects.count() == 1
    assert f"Could not email alert {ClinicAlert.objects.get().pk}" in caplog.text

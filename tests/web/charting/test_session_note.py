"""Session notes: started from the plan or the last note (recording a visit and an episode), the safety
screen on every point, signing only when the needle count balances, immutable once signed, corrected
by amendments that keep the original; adverse events always recordable."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, transaction

from acuback.web.audit.models import AuditEvent
from acuback.web.care.models import Episode, Visit
from acuback.web.charting import notes, services
from acuback.web.charting.models import (
    Amendment,
    NotePoint,
    PlanOrigin,
    SessionNote,
    SignedNoteError,
)
from acuback.web.schedule.models import AppointmentStatus
from tests.web.charting.builders import LOW_BACK, PACEMAKER, appointment, assess_patient, local
from tests.web.conftest import World, client_for


def _plan(world: World, codes: tuple[str, ...] = ("BL23", "BL40", "GV4")) -> Any:
    plan, _outcome = services.start_plan(world.paula, origin=PlanOrigin.BLANK, by=world.alice)
    for code in codes:
        services.add_plan_point(plan, code, by=world.alice)
    return plan


def _note(world: World, source: str = "plan") -> SessionNote:
    return notes.start_note(world.paula, source=source, by=world.alice).note


def _post(
    world: World,
    note: SessionNote,
    action: str = "save",
    points: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Any:
    rows = points if points is not None else notes.point_rows(note)
    data: dict[str, Any] = {
        "action": action,
        "note-style": "tcm",
        "points-TOTAL_FORMS": len(rows),
        "points-INITIAL_FORMS": len(rows),
        "points-MIN_NUM_FORMS": 0,
        "points-MAX_NUM_FORMS": 1000,
        "add-point": "",
        "add-side": "",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is None or value is False:
                continue
            data[f"points-{index}-{key}"] = "true" if value is True else value
    data.update({f"note-{k}": v for k, v in fields.items()})
    return client_for(world.alice).post(f"/charting/notes/{note.pk}/save/", data)


def test_a_note_started_from_the_plan_copies_its_points_and_records_a_visit(world: World) -> None:
    assess_patient(world.paula)
    _plan(world)

    note = _note(world)

    assert [(p.code, p.side) for p in note.points.all()] == [
        ("BL23", "both"),
        ("BL40", "both"),
        ("GV4", "midline"),
    ]
    visit = Visit.objects.get()
    assert (note.visit, visit.number, visit.episode.patient) == (visit, 1, world.paula)
    assert Episode.objects.get().ended_on is None
    assert AuditEvent.objects.filter(action="create", object_type="SessionNote").count() == 1


def test_the_second_note_starts_from_the_last_one_with_its_needling_details(world: World) -> None:
    assess_patient(world.paula)
    _plan(world)
    first = _note(world)
    rows = notes.point_rows(first)
    rows[0].update(depth_mm="25", deqi_obtained=True)
    notes.save_draft(
        first,
        {
            "needle_maker": "Seirin",
            "needle_material": "stainless steel",
            "needle_diameter_mm": Decimal("0.25"),
            "needle_length_mm": Decimal("40"),
            "retention_minutes": 20,
            "needles_inserted": 5,
            "needles_removed": 5,
        },
        rows,
        by=world.alice,
    )

    second = _note(world, "last_note")
    second.refresh_from_db()

    assert notes.point_rows(second) == notes.point_rows(first)
    assert (second.needle_maker, second.needle_length_mm, second.retention_minutes) == (
        "Seirin",
        Decimal("40.0"),
        20,
    )
    assert second.needles_inserted is None
    assert [v.number for v in Visit.objects.order_by("number")] == [1, 2]
    assert Episode.objects.count() == 1


def test_a_note_for_todays_appointment_marks_it_attended(world: World) -> None:
    from django.utils import timezone

    booked = appointment(world.alice, world.paula, local(timezone.localdate(), 9))

    started = notes.start_note(world.paula, source="blank", by=world.alice, appointment=booked)

    booked.refresh_from_db()
    assert started.note.visit.appointment == booked
    assert booked.status == AppointmentStatus.ATTENDED


def test_needles_in_and_out_must_match_before_signing(world: World) -> None:
    assess_patient(world.paula)
    _plan(world)
    note = _note(world)

    response = _post(world, note, "sign", needles_inserted=5, needles_removed=4)

    note.refresh_from_db()
    assert response.status_code == 400
    error = response.context["form"].errors["needles_removed"][0]
    assert (
        error
        == "5 needles were inserted but 4 removed: find and account for every needle before signing."
    )
    assert (note.status, note.needles_inserted) == ("draft", 5)  # the draft itself was kept


def test_a_note_with_matching_needles_is_signed_and_audited(world: World) -> None:
    assess_patient(world.paula)
    _plan(world)
    note = _note(world)

    response = _post(world, note, "sign", needles_inserted=5, needles_removed=5)

    note.refresh_from_db()
    assert response.status_code == 302
    assert (note.status, note.signed_by) == ("signed", world.alice)
    assert AuditEvent.objects.filter(action="sign", object_type="SessionNote").count() == 1


def test_electro_with_a_pacemaker_is_blocked_with_the_reason(world: World) -> None:
    assess_patient(world.paula, PACEMAKER)
    _plan(world, ("BL23",))
    note = _note(world)
    rows = notes.point_rows(note)
    rows[0].update(stimulation="electro", frequency_hz="2", intensity="to tolerance")

    response = _post(world, note, points=rows)

    assert response.status_code == 400
    errors = response.context["points"].forms[0].errors["stimulation"]
    assert errors[0].startswith(
        "Electro-acupuncture is blocked: Pacemaker, defibrillator or other electrical implant"
    )
    assert NotePoint.objects.get(note=note).stimulation == "manual"


def test_a_withheld_point_cannot_be_put_in_a_note(world: World) -> None:
    from tests.web.charting.builders import PREGNANT

    assess_patient(world.paula, PREGNANT)
    note = _note(world, "blank")

    response = client_for(world.alice).post(
        f"/charting/notes/{note.pk}/save/",
        {
            "action": "add_point",
            "note-style": "tcm",
            "points-TOTAL_FORMS": 0,
            "points-INITIAL_FORMS": 0,
            "points-MIN_NUM_FORMS": 0,
            "points-MAX_NUM_FORMS": 1000,
            "add-point": "LI4",
            "add-side": "",
        },
    )

    assert response.status_code == 400
    assert response.context["add_form"].errors["point"][0].startswith("LI4 is withheld: Pregnant:")
    assert note.points.count() == 0


def test_a_signed_note_cannot_be_changed_by_model_service_database_or_view(world: World) -> None:
    assess_patient(world.paula)
    _plan(world)
    note = _note(world)
    notes.save_draft(
        note, {"needles_inserted": 5, "needles_removed": 5}, notes.point_rows(note), by=world.alice
    )
    notes.sign(note, by=world.alice)

    note.advice = "changed"
    with pytest.raises(SignedNoteError):
        note.save()
    with pytest.raises(SignedNoteError):
        note.points.first().delete()
    with pytest.raises(notes.NoteError, match="signed"):
        notes.save_draft(note, {"advice": "changed"}, [], by=world.alice)
    with pytest.raises(DatabaseError), transaction.atomic():
        SessionNote.objects.filter(pk=note.pk).update(advice="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        NotePoint.objects.filter(note=note).update(depth_mm=99)
    assert _post(world, note, advice="changed").status_code == 403
    note.refresh_from_db()
    assert note.advice == ""


def test_an_amendment_keeps_the_original_and_records_who_when_why_what(world: World) -> None:
    assess_patient(world.paula)
    _plan(world)
    note = _note(world)
    notes.save_draft(
        note,
        {"needles_inserted": 5, "needles_removed": 5, "retention_minutes": 20},
        notes.point_rows(note),
        by=world.alice,
    )
    notes.sign(note, by=world.alice)
    rows = notes.point_rows(note)
    rows[1]["depth_mm"] = "30"

    response = client_for(world.alice).post(
        f"/charting/notes/{note.pk}/amend/",
        {
            "note-reason": "Retention was 25 minutes; BL40 depth omitted.",
            "note-style": "tcm",
            "note-retention_minutes": 25,
            "note-needles_inserted": 5,
            "note-needles_removed": 5,
            "points-TOTAL_FORMS": 3,
            "points-INITIAL_FORMS": 3,
            "points-MIN_NUM_FORMS": 0,
            "points-MAX_NUM_FORMS": 1000,
            **{
                f"points-{i}-{k}": ("true" if v is True else v)
                for i, r in enumerate(rows)
                for k, v in r.items()
                if v not in (None, False)
            },
        },
    )

    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert amendment.created_by == world.alice
    assert amendment.reason == "Retention was 25 minutes; BL40 depth omitted."
    assert amendment.changes["retention_minutes"] == {"from": 20, "to": 25}
    assert amendment.changes["points"]["to"][1]["depth_mm"] == "30"
    note.refresh_from_db()
    assert note.retention_minutes == 20  # the original, as signed
    values, points = notes.effective(note)
    assert (values["retention_minutes"], points[1]["depth_mm"]) == (25, "30")
    page = client_for(world.alice).get(f"/charting/notes/{note.pk}/").content.decode()
    assert "Retention was 25 minutes; BL40 depth omitted." in page
    assert "<del>20</del>" in page
    assert "<ins>25</ins>" in page
    assert AuditEvent.objects.filter(action="amend").count() == 1


def test_an_amendment_without_a_reason_or_a_change_is_refused(world: World) -> None:
    note = _note(world, "blank")
    notes.save_draft(note, {"needles_inserted": 0, "needles_removed": 0}, [], by=world.alice)
    notes.sign(note, by=world.alice)

    with pytest.raises(notes.NoteError, match="Say why"):
        notes.amend(note, {"advice": "Walk daily"}, [], reason=" ", by=world.alice)
    with pytest.raises(notes.NoteError, match="Nothing was changed"):
        notes.amend(note, notes.note_values(note), [], reason="typo", by=world.alice)


def test_adverse_events_are_recordable_after_signing(world: World) -> None:
    note = _note(world, "blank")
    notes.save_draft(note, {"needles_inserted": 0, "needles_removed": 0}, [], by=world.alice)
    notes.sign(note, by=world.alice)

    response = client_for(world.alice).post(
        f"/charting/notes/{note.pk}/adverse-events/",
        {
            "kind": "fainting",
            "severity": "mild",
            "description": "Felt faint at 10 min",
            "action_taken": "Needles removed, lay flat, recovered in 5 minutes",
        },
    )

    assert response.status_code == 302
    event = note.adverse_events.get()
    assert (event.kind, event.severity, event.recorded_by) == ("fainting", "mild", world.alice)
    assert (
        AuditEvent.objects.get(object_type="AdverseEvent").summary
        == "adverse event: fainting (mild)"
    )


def test_only_the_treating_practitioner_edits_a_draft(world: World) -> None:
    from tests.factories import make_user

    note = _note(world, "blank")
    olga = make_user(world.clinic_a, "practitioner", "olga")

    response = client_for(olga).post(f"/charting/notes/{note.pk}/save/", {"action": "save"})

    assert response.status_code == 403


def test_notes_are_closed_to_front_desk_and_other_clinics(world: World) -> None:
    note = _note(world, "blank")

    assert client_for(world.alice).get(f"/charting/notes/{note.pk}/").status_code == 200
    assert client_for(world.fiona).get(f"/charting/notes/{note.pk}/").status_code == 403
    assert client_for(world.bruno).get(f"/charting/notes/{note.pk}/").status_code == 404
    assert (
        client_for(world.fiona)
        .post(f"/charting/patients/{world.paula.pk}/notes/new/", {"source": "blank"})
        .status_code
        == 403
    )


def test_a_new_note_offers_only_the_sources_this_patient_has(world: World) -> None:
    first = client_for(world.alice).get(f"/charting/patients/{world.paula.pk}/notes/new/")
    _note(world, "blank")

    second = client_for(world.alice).get(f"/charting/patients/{world.paula.pk}/notes/new/")

    assert [value for value, _label in first.context["form"].fields["source"].choices] == ["blank"]
    assert [value for value, _label in second.context["form"].fields["source"].choices] == [
        "last_note",
        "blank",
    ]
    assert second.context["form"].initial["source"] == "last_note"


def test_signing_with_an_empty_add_point_box_does_not_check_that_box(world: World) -> None:
    assess_patient(world.paula)
    _plan(world)
    note = _note(world)

    response = _post(world, note, "sign", needles_inserted=5, needles_removed=4)

    page = response.content.decode()
    assert response.context["add_form"].errors == {}
    assert "This field is required." not in page


def test_adding_a_point_with_an_empty_box_asks_for_the_point(world: World) -> None:
    assess_patient(world.paula)
    _plan(world)
    note = _note(world)

    response = _post(world, note, "add_point")

    assert response.status_code == 400
    assert response.context["add_form"].errors["point"] == ["This field is required."]


def test_a_refused_signature_says_the_draft_is_saved_but_not_signed_and_why(world: World) -> None:
    assess_patient(world.paula)
    _plan(world)
    note = _note(world)

    response = _post(world, note, "sign", needles_inserted=5, needles_removed=4)

    page = response.content.decode()
    assert (
        "The draft is saved, but the note is not signed: 5 needles were inserted but 4 removed: "
        "find and account for every needle before signing." in page
    )
    assert "The note was not saved" not in page


def test_the_note_pages_of_an_emergency_patient_carry_the_warning_at_the_top(
    world: World,
) -> None:
    assess_patient(world.paula, {**LOW_BACK, "red_flags": {"saddle_numbness": "yes"}})
    note = _note(world, "blank")
    client = client_for(world.alice)

    new_page = client.get(f"/charting/patients/{world.paula.pk}/notes/new/").content.decode()
    note_page = client.get(f"/charting/notes/{note.pk}/").content.decode()

    for page in (new_page, note_page):
        assert "Emergency triage: refer before treating." in page
        assert page.index("Emergency triage") < page.index("<h1")  # above the page's heading


def test_the_note_page_has_no_emergency_warning_without_an_emergency(world: World) -> None:
    assess_patient(world.paula)
    note = _note(world, "blank")

    page = client_for(world.alice).get(f"/charting/notes/{note.pk}/").content.decode()

    assert "Emergency triage" not in page

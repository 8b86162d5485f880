"""Journey b: the practitioner, at a desktop, signs in, finds the patient on today's list with the
triage level, reads the chart (triage, the proposed points drawn on the body chart), edits the plan
(a point added and one removed by typing, each change screened again), charts a STRICTA session note
from the plan, is stopped from signing while the needle count does not balance, corrects it, signs,
and sees the note read-only."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from acuback.web.audit.models import AuditEvent
from acuback.web.charting.models import SessionNote, TreatmentPlan
from acuback.web.schedule.models import Appointment
from tests.e2e.chromium import shot, sign_in
from tests.e2e.records import booked_today, submitted_intake
from tests.factories import make_clinic, make_patient, make_user

pytestmark = pytest.mark.e2e


def clinic_with_todays_patient() -> dict[str, Any]:
    """Maya has sent her questionnaire (weight loss she cannot explain: routine review; she takes an
    anticoagulant: a caution) and is booked with Alice today."""
    clinic = make_clinic("Harbour Acupuncture")
    alice = make_user(clinic, "practitioner", "alice", first_name="Alice", last_name="Ng")
    maya_user = make_user(clinic, "patient", "maya")
    maya = make_patient(
        clinic,
        maya_user,
        given_name="Maya",
        family_name="Ortiz",
        date_of_birth=dt.date(1980, 1, 9),
    )
    assessment = submitted_intake(
        maya, red_flags={"unexplained_weight_loss": "yes"}, medicines={"anticoagulant": "yes"}
    )
    appointment = booked_today(maya, alice, reason="First session")
    return {"alice": alice, "maya": maya, "assessment": assessment, "appointment": appointment}


def chart_labels(page: Page) -> Any:
    """The point codes written on the body chart of the page."""
    return page.locator("figure.rx-chart svg text")


def test_the_practitioner_edits_the_plan_charts_a_session_and_signs_it(desktop: Page) -> None:
    world = clinic_with_todays_patient()
    maya, assessment = world["maya"], world["assessment"]
    proposed = [p["code"] for p in assessment.result["prescription"]["points"]]
    assert assessment.triage_level == "routine_review"
    assert {"BL23", "SP9"} <= set(proposed)
    assert "GB21" not in proposed

    # Today's list: Maya, with her triage level.
    sign_in(desktop, "alice")
    desktop.goto("/workspace/")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Today")
    row = desktop.locator("tr", has_text="Ortiz, Maya")
    expect(row).to_contain_text("First session")
    expect(row.locator(".badge.routine_review")).to_have_text("Routine review")
    shot(desktop, "b01-today")

    # The chart: triage, and the proposed points drawn on the body chart.
    row.get_by_role("link", name="Chart").click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Ortiz, Maya")
    triage = desktop.locator(".triage-banner")
    expect(triage.get_by_title("Latest triage level")).to_have_text("Routine review")
    expect(triage).to_contain_text("weight loss")
    expect(desktop.get_by_text("Decision support, the practitioner decides.")).to_be_visible()
    expect(chart_labels(desktop).filter(has_text=re.compile(r"^BL23$"))).not_to_have_count(0)
    expect(desktop.locator("#prescription .rx-table")).to_contain_text("SP9")
    shot(desktop, "b02-chart")

    # The plan, started from the proposed prescription.
    desktop.get_by_role("button", name="Treatment plan").click()  # a link styled as a button
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Treatment plan")
    expect(desktop.get_by_label("The assessment's proposed prescription")).to_be_checked()
    desktop.get_by_role("button", name="Start the plan").click()
    panel = desktop.locator("#plan-panel")
    expect(panel.locator("#plan-point-SP9")).to_be_visible()
    expect(panel.locator("#safety")).to_contain_text("anticoagulant")
    shot(desktop, "b03-plan")

    # Add a point by typing its code: the screen re-checks and warns about its depth.
    desktop.get_by_label("Add a point").fill("GB21")
    expect(desktop.locator("#suggestions")).to_contain_text("GB21")
    panel.get_by_role("button", name="Add", exact=True).click()
    expect(panel.get_by_role("status")).to_contain_text("Added GB21.")
    gb21 = panel.locator("#plan-point-GB21")
    expect(gb21).to_contain_text("tip at most 0.5 cun deep")
    expect(panel.locator("#safety")).to_contain_text("GB21")
    expect(chart_labels(desktop).filter(has_text=re.compile(r"^GB21$"))).not_to_have_count(0)
    shot(desktop, "b04-plan-point-added")

    # A code nobody knows is refused by the field, and nothing changes.
    desktop.get_by_label("Add a point").fill("XX99")
    panel.get_by_role("button", name="Add", exact=True).click()
    expect(desktop.locator("#id_point_error")).to_be_visible()
    expect(desktop.get_by_label("Add a point")).to_have_attribute("aria-invalid", "true")

    # Remove one.
    panel.get_by_role("button", name="Remove SP9").click()
    expect(panel.get_by_role("status")).to_contain_text("Removed SP9.")
    expect(panel.locator("#plan-point-SP9")).to_have_count(0)
    shot(desktop, "b05-plan-point-removed")
    plan = TreatmentPlan.objects.get(patient=maya, is_active=True)
    plan_codes = [p.code for p in plan.points.all()]
    assert "GB21" in plan_codes
    assert "SP9" not in plan_codes

    # A session note from the plan, for today's appointment.
    desktop.get_by_role("link", name="Today").click()
    row.get_by_role("button", name="Start note").click()  # a link styled as a button
    expect(desktop.get_by_role("heading", level=1)).to_have_text("New session note")
    expect(desktop.get_by_text("it will be marked attended")).to_be_visible()
    expect(desktop.get_by_label("The treatment plan")).to_be_checked()
    shot(desktop, "b06-new-note")
    desktop.get_by_role("button", name="Start the note").click()
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("Session note")
    note_form = desktop.locator("#note-form")
    expect(note_form.locator("table.points-edit tbody tr")).to_have_count(len(plan_codes))

    # STRICTA: rationale, needling details, the count that does not balance.
    note_form.get_by_label("Patient's report today").fill("Pain 6/10, sitting still hard.")
    note_form.get_by_label("Reasoning for this treatment").fill(
        "Local and distal points for cold-damp low back pain."
    )
    note_form.get_by_label("Needle maker").fill("Seirin")
    note_form.get_by_label("Needle material").fill("Stainless steel")
    note_form.get_by_label("Needle diameter (mm)").fill("0.25")
    note_form.get_by_label("Needle length (mm)").fill("40")
    note_form.get_by_label("Retention time (minutes)").fill("20")
    note_form.get_by_label("Needles inserted").fill("18")
    note_form.get_by_label("Needles removed").fill("17")
    note_form.get_by_label("Advice and what the patient was told").fill("Keep walking daily.")
    note_form.get_by_role("button", name="Sign the note").click()

    expect(
        desktop.get_by_text(
            "The draft is saved, but the note is not signed: 18 needles were inserted"
        )
    ).to_be_visible()
    removed_error = desktop.locator("#id_note-needles_removed_error")
    expect(removed_error).to_contain_text("18 needles were inserted but 17 removed")
    shot(desktop, "b07-note-sign-refused")
    note = SessionNote.objects.get(patient=maya)
    assert (note.status, note.needles_inserted, note.needles_removed) == ("draft", 18, 17)

    # Every needle found: sign.
    note_form.get_by_label("Needles removed").fill("18")
    note_form.get_by_role("button", name="Sign the note").click()

    expect(desktop.get_by_text("Signed. The note can no longer be changed")).to_be_visible()
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("Signed")
    expect(desktop.locator("#note-form")).to_have_count(0)
    expect(desktop.get_by_role("button", name="Save draft")).to_have_count(0)
    expect(desktop.get_by_role("button", name="Amend")).to_be_visible()
    expect(desktop.locator("main")).to_contain_text("Seirin")
    shot(desktop, "b08-note-signed")

    note.refresh_from_db()
    assert (note.status, note.needles_inserted, note.needles_removed, note.signed_by) == (
        "signed",
        18,
        18,
        world["alice"],
    )
    assert [p.code for p in note.points.all()] == plan_codes
    assert Appointment.objects.get(pk=world["appointment"].pk).status == "attended"
    assert (
        AuditEvent.objects.filter(patient=maya, action="sign", object_type="SessionNote").count()
        == 1
    )

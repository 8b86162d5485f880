"""The whole journey: invitation, account, every step, review, submit, the assessment stored."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from acuback.web.audit.models import AuditEvent
from acuback.web.intake.models import Assessment, ClinicAlert, IntakeForm
from acuback.web.intake.steps import STEPS
from acuback.web.patients.models import Patient
from tests.factories import make_patient
from tests.web.conftest import World, client_for
from tests.web.portal.conftest import step_posts


def test_a_patient_goes_from_invitation_to_a_stored_assessment(world: World) -> None:
    newcomer = make_patient(
        world.clinic_a, given_name="Nora", family_name="Quist", email="nora@example.org"
    )
    staff = client_for(world.fiona)
    staff.post(f"/portal/invite/{newcomer.pk}/", {"send_email": "on"})
    link = re.search(
        r'value="(http://testserver/portal/join/[^"]+)"',
        staff.get(f"/portal/invite/{newcomer.pk}/").content.decode(),
    )
    assert link is not None
    assert mail.outbox[-1].to == ["nora@example.org"]
    assert link.group(1) in mail.outbox[-1].body

    patient = Client()
    joined = patient.post(
        link.group(1),
        {"username": "nora", "password1": "lantern-orchard-93", "password2": "lantern-orchard-93"},
    )
    assert joined.status_code == 302
    assert joined["Location"] == "/portal/"
    newcomer.refresh_from_db()
    assert newcomer.user.username == "nora"
    assert newcomer.user.role == "patient"

    started = patient.post("/portal/questionnaire/start/")
    intake_form = IntakeForm.objects.get(patient=newcomer)
    assert started["Location"] == f"/portal/questionnaire/{intake_form.pk}/step/about/"
    visited = []
    for number, (slug, data) in enumerate(step_posts().items(), start=1):
        page = patient.get(f"/portal/questionnaire/{intake_form.pk}/step/{slug}/")
        assert f"Step {number} of {len(STEPS)}" in page.content.decode()
        saved = patient.post(
            f"/portal/questionnaire/{intake_form.pk}/step/{slug}/", {**data, "nav": "next"}
        )
        visited.append(saved["Location"])
    assert visited[-1] == f"/portal/questionnaire/{intake_form.pk}/review/"
    assert visited[0] == f"/portal/questionnaire/{intake_form.pk}/step/where/"

    review = patient.get(f"/portal/questionnaire/{intake_form.pk}/review/").content.decode()
    assert "Lower back (left, middle); Buttock (left)" in review
    assert "levothyroxine 50 micrograms" in review
    assert f'href="/portal/questionnaire/{intake_form.pk}/step/onset/?return=review"' in review

    submitted = patient.post(f"/portal/questionnaire/{intake_form.pk}/submit/")

    assert submitted["Location"] == f"/portal/questionnaire/{intake_form.pk}/result/"
    assessment = Assessment.objects.get(intake=intake_form)
    assert (assessment.patient, assessment.triage_level, assessment.duration_class) == (
        newcomer,
        "none",
        "chronic",
    )
    assert assessment.result["triage"]["level"] == "none"
    assert assessment.knowledge_version == assessment.result["knowledge_version"]
    assert ClinicAlert.objects.count() == 0
    result = patient.get(submitted["Location"]).content.decode()
    assert "Your practitioner will review them" in result
    assert "nothing is wrong" not in result.lower()
    intake_form.refresh_from_db()
    assert intake_form.status == "submitted"
    assert intake_form.answers["pain_sites"] == [
        {"region": "lower_back", "side": "left"},
        {"region": "lower_back", "side": "central"},
        {"region": "buttock", "side": "left"},
    ]
    summaries = set(AuditEvent.objects.filter(patient=newcomer).values_list("summary", flat=True))
    assert {
        "portal account opened from an invitation",
        "questionnaire submitted",
        "assessment made: triage none",
    } <= summaries


def test_leaving_and_coming_back_resumes_at_the_saved_step(world: World, draft: IntakeForm) -> None:
    client = client_for(world.paula_user)
    posts = step_posts()
    client.post(f"/portal/questionnaire/{draft.pk}/step/about/", {**posts["about"], "nav": "next"})
    later = client.post(
        f"/portal/questionnaire/{draft.pk}/step/where/", {**posts["where"], "nav": "later"}
    )

    resumed = client.post("/portal/questionnaire/start/")

    assert later["Location"] == "/portal/"
    assert resumed["Location"] == f"/portal/questionnaire/{draft.pk}/step/where/"
    page = client.get(resumed["Location"]).content.decode()
    assert 'value="lower_back:left" data-label="Lower back (left)" checked' in page
    assert IntakeForm.objects.filter(patient=world.paula).count() == 1


def test_back_saves_and_goes_to_the_previous_step(world: World, draft: IntakeForm) -> None:
    client = client_for(world.paula_user)

    response = client.post(
        f"/portal/questionnaire/{draft.pk}/step/intensity/", {"now": "6", "nav": "back"}
    )

    assert response["Location"] == f"/portal/questionnaire/{draft.pk}/step/spreading/"
    draft.refresh_from_db()
    assert draft.answers == {"intensity": {"now": 6}}


def test_a_change_from_the_review_returns_to_the_review(world: World, draft: IntakeForm) -> None:
    client = client_for(world.paula_user)

    response = client.post(
        f"/portal/questionnaire/{draft.pk}/step/onset/",
        {"how": "fall", "return": "review", "nav": "next"},
    )

    assert response["Location"] == f"/portal/questionnaire/{draft.pk}/review/"


def test_the_about_step_offers_the_age_from_the_date_of_birth(
    world: World, draft: IntakeForm
) -> None:
    Patient.objects.filter(pk=world.paula.pk).update(date_of_birth="1980-01-01")

    page = (
        client_for(world.paula_user)
        .get(f"/portal/questionnaire/{draft.pk}/step/about/")
        .content.decode()
    )

    assert re.search(r'name="age" value="4\d"', page)


def test_coming_back_after_continuing_opens_the_next_step(world: World, draft: IntakeForm) -> None:
    client = client_for(world.paula_user)
    client.post(
        f"/portal/questionnaire/{draft.pk}/step/about/", {**step_posts()["about"], "nav": "next"}
    )

    resumed = client.post("/portal/questionnaire/start/")
    home = client.get("/portal/").content.decode()

    assert resumed["Location"] == f"/portal/questionnaire/{draft.pk}/step/where/"
    assert "You are at step 2 of 10." in home

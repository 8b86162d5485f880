"""Journey a: a patient on a phone opens the clinic's invitation link, opens an account, answers the
whole questionnaire (marking the pain on the body map by tapping the figures), checks the answers,
sends them, and consents to acupuncture needling."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from acuback.web.audit.models import AuditEvent
from acuback.web.intake.models import Assessment, IntakeForm
from acuback.web.patients.models import Patient
from acuback.web.portal.models import Consent
from acuback.web.portal.services import create_invitation
from tests.e2e.chromium import shot
from tests.factories import make_clinic, make_patient, make_user

pytestmark = pytest.mark.e2e


def invited_patient() -> tuple[Patient, str]:
    clinic = make_clinic("Harbour Acupuncture")
    front_desk = make_user(clinic, "front_desk", "fay")
    make_user(clinic, "practitioner", "alice", first_name="Alice", last_name="Ng")
    patient = make_patient(
        clinic, given_name="Nora", family_name="Lind", date_of_birth=dt.date(1979, 3, 2)
    )
    _invitation, token = create_invitation(patient, by=front_desk)
    return patient, token


def question(page: Page, legend: str) -> Any:
    """The fieldset of a question, by the start of its wording."""
    return page.get_by_role("group", name=re.compile("^" + re.escape(legend)))


def answer(page: Page, legend: str, choice: str) -> None:
    question(page, legend).get_by_label(choice, exact=True).check()


def save_and_continue(page: Page, next_title: str) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(next_title)


def test_a_patient_opens_the_invitation_fills_in_the_questionnaire_and_consents(
    phone: Page,
) -> None:
    patient, token = invited_patient()
    age = patient.age_on(timezone.localdate())

    # The invitation link: choose a user name and a password.
    phone.goto(f"/portal/join/{token}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome, Nora")
    shot(phone, "a01-join")
    phone.get_by_label("Choose a user name").fill("nora.lind")
    phone.get_by_label("Choose a password").fill("hazel-otter-1979")
    phone.get_by_label("Type the password again").fill("hazel-otter-1979")
    phone.get_by_role("button", name="Open my account").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello, Nora")
    expect(phone.get_by_text("Welcome! Your account is ready.")).to_be_visible()
    shot(phone, "a02-portal-home")
    phone.get_by_role("button", name="Start the questionnaire").click()

    # 1. About you: the clinic's date of birth gives the age; the patient confirms.
    expect(phone.get_by_role("heading", level=1)).to_have_text("About you")
    expect(phone.get_by_text("Step 1 of 10")).to_be_visible()
    expect(phone.get_by_label("How old are you?")).to_have_value(str(age))
    expect(question(phone, "Sex").get_by_label("Female", exact=True)).to_be_checked()
    answer(phone, "Are you pregnant", "No")
    shot(phone, "a03-step-about")
    save_and_continue(phone, "Where it hurts")

    # 2. Where it hurts: tap the figures; the list below follows.
    where = phone.locator("[data-bodymap=sites]")
    for value in ("lower_back:left", "lower_back:central", "buttock:left"):
        where.locator(f'path[data-value="{value}"]').first.tap()
    expect(where.locator("[data-bodymap-summary]")).to_have_text(
        "Marked: Lower back (left), Lower back (middle), Buttock (left)"
    )
    expect(phone.locator('input[name=sites][value="buttock:left"]')).to_be_checked()
    expect(where.locator('path[data-value="buttock:left"]').first).to_have_class(
        re.compile(r"\bon\b")
    )
    where.scroll_into_view_if_needed()
    shot(phone, "a04-step-where-body-map", full_page=False)
    save_and_continue(phone, "Pain that spreads")

    # 3. Pain that spreads: the leg figures too.
    spread = phone.locator("[data-bodymap=areas]")
    for value in ("buttock", "thigh_back"):
        spread.locator(f'path[data-value="{value}"]').first.tap()
    expect(phone.locator('input[name=areas][value="thigh_back"]')).to_be_checked()
    answer(phone, "On which side does it spread?", "Left")
    answer(phone, "Is there numbness", "No")
    shot(phone, "a05-step-spreading")
    save_and_continue(phone, "How much it hurts")

    # 4. How much it hurts: 0 to 10.
    for name, score in (("now", 4), ("average", 5), ("worst", 7)):
        phone.locator(f"label[for=id_{name}_{score}]").tap()
    shot(phone, "a06-step-intensity")
    save_and_continue(phone, "When and how it started")

    # 5. Onset.
    onset = timezone.localdate() - dt.timedelta(days=75)
    phone.get_by_label("When did this bout of pain start?").fill(onset.isoformat())
    answer(phone, "How did it start?", "Lifting or carrying something")
    answer(phone, "Did the pain come on suddenly?", "Yes")
    shot(phone, "a07-step-onset")
    save_and_continue(phone, "What it feels like, what helps and what makes it worse")

    # 6. What it feels like, and what helps or hurts.
    question(phone, "What does the pain feel like?").get_by_label("A dull ache").check()
    question(phone, "What makes the pain better?").get_by_label("Moving about").check()
    question(phone, "What makes the pain worse?").get_by_label("Sitting", exact=True).check()
    shot(phone, "a08-step-factors")
    save_and_continue(phone, "Earlier pain, treatments and medicines")

    # 7. Treatments and medicines.
    answer(phone, "Have you had this kind of pain before?", "Yes")
    question(phone, "What have you tried for this pain?").get_by_label("Physiotherapy").check()
    phone.get_by_label("Other medicines you take").fill("levothyroxine 50 micrograms")
    shot(phone, "a09-step-treatments")
    save_and_continue(phone, "Your health")

    # 8. Health: answered No throughout, Not sure about needles.
    for radio in phone.locator("input[type=radio][value=no]").all():
        radio.check()
    answer(phone, "Are you very afraid of needles?", "Not sure")
    shot(phone, "a10-step-health")
    save_and_continue(phone, "Important questions")

    # 9. The red-flag questions: every one needs an answer.
    for radio in phone.locator("input[type=radio][value=no]").all():
        radio.check()
    shot(phone, "a11-step-safety")
    save_and_continue(phone, "How you are in general")

    # 10. In general.
    answer(phone, "How do you sleep?", "Badly")
    answer(phone, "Do you often feel tired", "Yes")
    shot(phone, "a12-step-general")
    phone.get_by_role("button", name="Save and check my answers").click()

    # The review lists every step with a link to change it.
    expect(phone.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(phone.locator("section.review-section")).to_have_count(10)
    where_answers = phone.get_by_role("region", name="Where it hurts")
    expect(where_answers).to_contain_text("Lower back (left, middle); Buttock (left)")
    factors = phone.get_by_role(
        "region", name="What it feels like, what helps and what makes it worse"
    )
    expect(factors).to_contain_text("A dull ache")
    shot(phone, "a13-review")
    phone.get_by_role("button", name="Send my answers to the clinic").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(phone.get_by_text("Your answers have been sent to Harbour Acupuncture")).to_be_visible()
    shot(phone, "a14-result")

    # Consent to needling: read, tick, type the name as the clinic has it.
    phone.get_by_role("link", name="Back to my page").click()
    phone.get_by_role("link", name="Read, give or withdraw consent").click()
    needling = phone.locator("li", has=phone.get_by_role("heading", name="Acupuncture needling"))
    needling.get_by_role("button", name="Read and decide").click()  # a link styled as a button
    expect(phone.get_by_role("heading", level=1)).to_contain_text("needling")
    phone.get_by_label("I have read this information").check()
    phone.get_by_label("Type your full name to sign").fill("Nora Lind")
    shot(phone, "a15-consent-needling")
    phone.get_by_role("button", name="I consent").click()

    expect(phone.get_by_text("Thank you. Your consent is recorded.")).to_be_visible()
    expect(needling.get_by_text("Consent given")).to_be_visible()
    shot(phone, "a16-consents")

    patient.refresh_from_db()
    assert patient.user is not None
    assert patient.user.username == "nora.lind"
    intake = IntakeForm.objects.get(patient=patient)
    assert intake.status == "submitted"
    assert intake.answers["pain_sites"] == [
        {"region": "lower_back", "side": "left"},
        {"region": "lower_back", "side": "central"},
        {"region": "buttock", "side": "left"},
    ]
    assert intake.answers["radiation"] == {
        "areas": ["buttock", "thigh_back"],
        "side": "left",
        "numbness": "no",
    }
    assert intake.answers["intensity"] == {"now": 4, "average": 5, "worst": 7}
    assert set(intake.answers["red_flags"].values()) == {"no"}
    assert Assessment.objects.get(intake=intake).triage_level == "none"
    consent = Consent.objects.get(patient=patient)
    assert (consent.technique, consent.signed_name, consent.withdrawn_at) == (
        "needling",
        "Nora Lind",
        None,
    )
    assert (
        AuditEvent.objects.filter(patient=patient, actor=patient.user, action="sign").count() == 2
    )  # the questionnaire sent, the consent given

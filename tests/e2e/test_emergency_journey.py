"""Journey c: a patient's answers suggest cauda equina syndrome (new saddle numbness and new trouble
passing urine). The patient is told at once to get emergency care; the clinic is emailed and sees the
alert at the top of today's list until a clinician acknowledges it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from acuback.web.intake.models import Assessment, ClinicAlert
from tests.e2e.chromium import shot, sign_in
from tests.e2e.records import answered_draft, booked_today
from tests.factories import make_clinic, make_patient, make_user

pytestmark = pytest.mark.e2e


def test_an_emergency_intake_tells_the_patient_and_alerts_the_clinic(
    phone: Page, desktop: Page
) -> None:
    clinic = make_clinic("Harbour Acupuncture", phone="+44 20 7946 0000", email="desk@harbour.test")
    alice = make_user(clinic, "practitioner", "alice", first_name="Alice", last_name="Ng")
    sam_user = make_user(clinic, "patient", "sam")
    sam = make_patient(
        clinic, sam_user, given_name="Sam", family_name="Okafor", date_of_birth=dt.date(1971, 6, 1)
    )
    answered_draft(sam, until="safety")  # Sam stopped before the important questions
    booked_today(sam, alice, reason="First session")

    # The patient comes back on the phone and answers the red-flag questions.
    sign_in(phone, "sam")
    phone.goto("/portal/")
    phone.get_by_role("button", name="Continue the questionnaire").click()  # a link styled as one
    expect(phone.get_by_role("heading", level=1)).to_have_text("Important questions")
    for radio in phone.locator("input[type=radio][value=no]").all():
        radio.check()
    phone.get_by_role("group", name=re.compile("^Have you noticed new numbness")).get_by_label(
        "Yes", exact=True
    ).check()
    phone.get_by_role(
        "group", name=re.compile("^Since the pain started, have you had new trouble")
    ).get_by_label("Yes", exact=True).check()
    phone.get_by_role("button", name="Save and continue").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("How you are in general")
    phone.get_by_role("button", name="Save and check my answers").click()
    phone.get_by_role("button", name="Send my answers to the clinic").click()

    advice = phone.get_by_role("alert")
    expect(phone.get_by_role("heading", level=1)).to_have_text("⚠ Please get medical help now")
    expect(advice).to_contain_text("Call your emergency number now")
    expect(advice).to_contain_text("Do not wait for your acupuncture appointment")
    expect(advice.get_by_role("link", name="+44 20 7946 0000")).to_have_attribute(
        "href", "tel:+44 20 7946 0000"
    )
    shot(phone, "c01-emergency-advice")

    assessment = Assessment.objects.get(patient=sam)
    assert assessment.triage_level == "emergency"
    alert = ClinicAlert.objects.get(patient=sam)
    assert (alert.level, alert.acknowledged_at) == ("emergency", None)
    assert [m.to for m in mail.outbox] == [["desk@harbour.test"]]
    assert "Sam Okafor" in mail.outbox[0].subject

    # The patient's own page keeps saying so.
    phone.get_by_role("link", name="Back to my page").click()
    expect(phone.locator(".notice.danger")).to_contain_text("need a doctor's attention")

    # The clinic: the alert heads today's list, and Sam's row says Emergency.
    sign_in(desktop, "alice")
    desktop.goto("/workspace/today/")
    alerts = desktop.get_by_role("region", name="1 open alert")
    expect(alerts).to_contain_text("Okafor")
    expect(alerts).to_contain_text("cauda equina")
    expect(alerts.locator(".badge.emergency")).to_have_text("Emergency")
    row = desktop.locator("tr", has_text="Okafor, Sam")
    expect(row.get_by_title("Latest triage level")).to_have_text("Emergency")
    expect(row.get_by_title("Open alerts")).to_have_text("⚑ 1")
    # The warning wraps in its cell: the row's chart link stays on screen, not scrolled off.
    expect(row.get_by_role("link", name="Chart")).to_be_in_viewport()
    shot(desktop, "c02-today-alert")

    # Acknowledging it (htmx) takes it off the list; the triage level stays on the row.
    alerts.get_by_role("button", name="Acknowledge").click()
    expect(desktop.locator(f"#alert-{alert.pk}")).to_have_count(0)
    alert.refresh_from_db()
    assert alert.acknowledged_by == alice
    desktop.reload()
    expect(desktop.get_by_role("region", name="1 open alert")).to_have_count(0)
    expect(row.get_by_title("Latest triage level")).to_have_text("Emergency")
    shot(desktop, "c03-today-acknowledged")

"""No serious or critical accessibility violation on the patient portal's pages, as axe-core finds them
in Debian's Chromium on a phone-sized screen, on the live server.

axe-core comes bundled with the axe-playwright-python package (nothing is downloaded). Every page a
patient meets is checked (and the front desk's invitation page): sign-in, the invitation page (and its refusal), preparation, home, every
questionnaire step (and a step showing errors), the review, each result (thanks and emergency
advice), the consent pages, and the outcome questionnaires (in the portal and by one-time link).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from acuback.web.care.models import Episode
from acuback.web.intake.models import IntakeForm
from acuback.web.intake.steps import STEPS
from acuback.web.outcomes import services as outcomes
from acuback.web.outcomes.links import issue_link
from acuback.web.portal.models import Technique
from acuback.web.portal.services import create_invitation, give_consent
from tests.e2e import chromium
from tests.e2e.chromium import shot, sign_in
from tests.e2e.records import answered_draft
from tests.factories import make_clinic, make_patient, make_user
from tests.web.axe_check import violations

pytestmark = pytest.mark.e2e

# The live-server and browser fixtures of the e2e tests, by name.
_triggers_restored_after_flush = chromium._triggers_restored_after_flush
transactional_db = chromium.transactional_db
browser = chromium.browser
phone = chromium.phone

BLOCKING = ("serious", "critical")


class Checker:
    """Runs axe on each page visited and keeps what it finds, by page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: dict[str, list[str]] = {}
        self.checked: list[str] = []

    def check(self, name: str, url: str | None = None, status: int = 200) -> None:
        if url is not None:
            response = self.page.goto(url)
            assert response is not None
            assert response.status == status, (name, url, response.status)
        self.page.wait_for_load_state("load")
        self.checked.append(name)
        problems = violations(self.page, BLOCKING)
        if problems:
            self.found[name] = problems
            shot(self.page, f"axe-{name}", full_page=False)


def clinic() -> dict[str, Any]:
    here = make_clinic("Harbour Acupuncture", phone="+44 20 7946 0000")
    desk = make_user(here, "front_desk", "fay")
    make_user(here, "practitioner", "alice", first_name="Alice", last_name="Ng")
    return {"clinic": here, "desk": desk}


def test_the_portal_pages_have_no_serious_accessibility_violations(phone: Page) -> None:
    world = clinic()
    newcomer = make_patient(world["clinic"], given_name="Nora", family_name="Lind")
    _invitation, token = create_invitation(newcomer, by=world["desk"])
    paula_user = make_user(world["clinic"], "patient", "paula")
    paula = make_patient(
        world["clinic"],
        paula_user,
        given_name="Paula",
        family_name="Reyes",
        date_of_birth=dt.date(1980, 5, 17),
    )
    pages = Checker(phone)

    # Before signing in.
    pages.check("sign-in", "/accounts/login/")
    pages.check("prepare", "/portal/prepare/")
    pages.check("join", f"/portal/join/{token}/")
    pages.check("join-refused", "/portal/join/not-a-token/", status=404)

    # Signed in, before the questionnaire.
    sign_in(phone, "paula")
    pages.check("home-new", "/portal/")
    phone.get_by_role("button", name="Start the questionnaire").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("About you")
    draft = IntakeForm.objects.get(patient=paula)

    # Every step, empty; a step showing the errors of an incomplete answer.
    for step in STEPS:
        pages.check(f"step-{step.slug}", f"/portal/questionnaire/{draft.pk}/step/{step.slug}/")
    phone.get_by_role("button", name="Save and check my answers").click()  # on the last step
    phone.goto(f"/portal/questionnaire/{draft.pk}/step/safety/")
    phone.get_by_role("button", name="Save and continue").click()
    expect(phone.get_by_role("alert").first).to_contain_text("Please check the answers")
    pages.check("step-safety-with-errors")

    # Answered: home, the review, the result.
    answered_draft(paula)
    pages.check("home-in-progress", "/portal/")
    pages.check("review", f"/portal/questionnaire/{draft.pk}/review/")
    phone.get_by_role("button", name="Send my answers to the clinic").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you")
    pages.check("result-thanks")
    pages.check("home-sent", "/portal/")

    # Consents: the list, each technique's page, withdrawing.
    pages.check("consents", "/portal/consents/")
    for technique in Technique:
        pages.check(f"consent-{technique.value}", f"/portal/consents/{technique.value}/")
    phone.get_by_label("I have read this information").check()
    phone.get_by_role("button", name="I consent").click()  # on the last technique: invalid name
    pages.check("consent-with-errors")
    given = give_consent(paula, "needling", signed_name="Paula Reyes", by=paula_user)
    pages.check("consents-given", "/portal/consents/")
    pages.check("consent-withdraw", f"/portal/consents/{given.pk}/withdraw/")

    # Outcomes: the patient's progress page, a questionnaire there, and the one-time link.
    episode = Episode.objects.create(
        patient=paula, clinic=world["clinic"], started_on=timezone.localdate()
    )
    baseline = outcomes.get_or_create_request(episode, "baseline")
    pages.check("outcomes-mine", "/outcomes/mine/")
    pages.check("outcomes-questionnaire", f"/outcomes/mine/{baseline.pk}/")
    follow_up = outcomes.get_or_create_request(episode, "follow_up", week=4)
    pages.check("outcomes-link", f"/o/{issue_link(follow_up)}/")
    pages.check("outcomes-link-refused", "/o/not-a-link/", status=404)

    # The front desk's invitation page, before and after making a link.
    phone.get_by_role("button", name="Sign out").click()
    sign_in(phone, "fay")
    pages.check("invite", f"/portal/invite/{newcomer.pk}/")
    phone.get_by_role("button", name="Make an invitation link").click()
    expect(phone.get_by_role("textbox", name="Invitation link")).to_have_value(
        re.compile("/portal/join/")
    )
    pages.check("invite-with-link")

    assert pages.found == {}
    assert len(pages.checked) == 34


def test_the_emergency_advice_has_no_serious_accessibility_violations(phone: Page) -> None:
    world = clinic()
    sam_user = make_user(world["clinic"], "patient", "sam")
    sam = make_patient(world["clinic"], sam_user, given_name="Sam", family_name="Okafor")
    draft = answered_draft(
        sam, red_flags={"saddle_numbness": "yes", "new_bladder_dysfunction": "yes"}
    )
    pages = Checker(phone)

    sign_in(phone, "sam")
    phone.goto(f"/portal/questionnaire/{draft.pk}/review/")
    phone.get_by_role("button", name="Send my answers to the clinic").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("⚠ Please get medical help now")
    pages.check("result-emergency")
    pages.check("home-emergency", "/portal/")

    assert pages.checked == ["result-emergency", "home-emergency"]
    assert pages.found == {}


def test_the_check_finds_an_unlabelled_field(browser: Any) -> None:
    page = browser.new_page()
    page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main><h1>t</h1>'
        '<input type="text" name="age"></main></html>'
    )

    found = violations(page, BLOCKING)
    page.close()

    assert found == ["label (critical): Form elements must have labels at input"]

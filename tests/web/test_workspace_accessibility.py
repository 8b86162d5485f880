"""The staff's pages, checked by axe-core in Debian's Chromium on a desktop screen: no violation of
serious or critical impact, and none of moderate impact either (landmarks, headings, names), since
practitioners and the front desk work in these pages all day.

Checked: today's list (with alerts), the alerts page, the patient list, a patient's chart (with the
form that ends an episode), the treatment plan, a session note, the saved combinations, the schedule's day and week, the booking page, the atlas, the audit
trail and the API tokens page.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from acuback.web.charting import notes
from acuback.web.charting import services as charting
from acuback.web.charting.models import PlanOrigin
from acuback.web.intake.models import ClinicAlert
from tests.e2e import chromium
from tests.e2e.chromium import shot, sign_in
from tests.e2e.records import booked_today, submitted_intake
from tests.factories import make_clinic, make_patient, make_user
from tests.web.axe_check import violations

pytestmark = pytest.mark.e2e

_triggers_restored_after_flush = chromium._triggers_restored_after_flush
transactional_db = chromium.transactional_db
browser = chromium.browser
desktop = chromium.desktop

REPORTED = ("moderate", "serious", "critical")


def world() -> dict[str, Any]:
    clinic = make_clinic("Harbour Acupuncture")
    alice = make_user(clinic, "practitioner", "alice", first_name="Alice", last_name="Ng")
    make_user(clinic, "clinic_admin", "adam")
    paula = make_patient(clinic, given_name="Paula", family_name="Reyes")
    submitted_intake(paula)
    booked_today(paula, alice, reason="Low back pain, first visit")
    ClinicAlert.objects.create(
        clinic=clinic, patient=paula, level="urgent", message="Night pain reported"
    )
    charting.start_plan(paula, origin=PlanOrigin.PROPOSED, by=alice)
    note = notes.start_note(paula, source="plan", by=alice).note
    charting.save_combination(alice, "Acute lumbar", [("BL23", "both"), ("GB30", "left")])
    return {"paula": paula, "note": note}


def test_the_staff_pages_have_no_moderate_or_worse_accessibility_violations(
    desktop: Page,
) -> None:
    records = world()
    paula, note = records["paula"], records["note"]
    pages = {
        "today": "/workspace/today/",
        "alerts": "/workspace/alerts/",
        "patients": "/workspace/patients/",
        "chart": f"/workspace/patients/{paula.pk}/",
        "plan": f"/charting/patients/{paula.pk}/plan/",
        "note": f"/charting/notes/{note.pk}/",
        "schedule-day": "/schedule/",
        "schedule-week": "/schedule/week/",
        "book": "/schedule/book/",
        "atlas": "/atlas/",
        "atlas-point": "/atlas/BL23/",
        "tokens": "/account/tokens/",
        "combinations": "/charting/combinations/",
    }
    found: dict[str, list[str]] = {}
    sign_in(desktop, "alice")
    for name, url in pages.items():
        response = desktop.goto(url)
        assert response is not None
        assert response.status == 200, (name, url, response.status)
        problems = violations(desktop, REPORTED)
        if problems:
            found[name] = problems
            shot(desktop, f"axe-staff-{name}", full_page=False)
    desktop.context.clear_cookies()
    sign_in(desktop, "adam")
    desktop.goto("/audit/")
    if problems := violations(desktop, REPORTED):
        found["audit"] = problems
    assert not found, "\n".join(f"{k}: {p}" for k, v in found.items() for p in v)

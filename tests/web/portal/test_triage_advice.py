"""After submitting, the patient is told at once what to do: emergency, see a doctor soon, or thank you."""

from __future__ import annotations

from django.core import mail

from acuback.web.clinics.models import Clinic
from acuback.web.intake.models import Assessment, ClinicAlert, IntakeForm
from tests.web.conftest import World, client_for
from tests.web.portal.conftest import fill_questionnaire


def _submit(world: World, draft: IntakeForm, **red: str) -> str:
    client = client_for(world.paula_user)
    fill_questionnaire(client, draft, **red)
    response = client.post(f"/portal/questionnaire/{draft.pk}/submit/", follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_an_emergency_tells_the_patient_to_seek_care_now_and_alerts_the_clinic(
    world: World, draft: IntakeForm
) -> None:
    Clinic.objects.filter(pk=world.clinic_a.pk).update(
        email="desk@north.example", phone="+44 1 2345"
    )

    page = _submit(world, draft, saddle_numbness="yes")

    assert "Please get medical help now" in page
    assert "go to the nearest emergency department" in page
    assert "the nerves at the base of the spine are being pressed" in page
    assert "new numbness around your bottom, genitals or inner thighs" in page
    assert 'href="tel:+44 1 2345"' in page
    alert = ClinicAlert.objects.get()
    assert (alert.clinic, alert.patient, alert.level) == (world.clinic_a, world.paula, "emergency")
    assert alert.assessment == Assessment.objects.get(intake=draft)
    assert "cauda equina syndrome" in alert.message
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["desk@north.example"]
    assert str(world.paula) in mail.outbox[0].subject
    assert "cauda" not in mail.outbox[0].body.lower()


def test_without_a_clinic_address_the_alert_goes_to_its_clinicians(
    world: World, draft: IntakeForm
) -> None:
    world.alice.email, world.adam.email, world.fiona.email = (
        "alice@n.example",
        "adam@n.example",
        "fiona@n.example",
    )
    for user in (world.alice, world.adam, world.fiona):
        user.save()

    _submit(world, draft, bowel_incontinence="yes")

    assert sorted(mail.outbox[0].to) == ["adam@n.example", "alice@n.example"]


def test_an_urgent_result_asks_the_patient_to_see_their_doctor_soon(
    world: World, draft: IntakeForm
) -> None:
    page = _submit(world, draft, blood_in_urine="yes")

    assert "Please see your doctor soon" in page
    assert "within a day or two, before your first acupuncture session" in page
    assert "Blood in the urine should be checked by a doctor soon." in page
    assert "Please get medical help now" not in page
    assert Assessment.objects.get(intake=draft).triage_level == "urgent"
    assert ClinicAlert.objects.count() == 0
    assert mail.outbox == []


def test_without_a_red_flag_the_patient_is_thanked_and_never_told_all_is_well(
    world: World, draft: IntakeForm
) -> None:
    page = _submit(world, draft)

    assert "Thank you" in page
    assert "Your practitioner will review them" in page
    for reassurance in (
        "nothing is wrong",
        "nothing wrong",
        "all clear",
        "no problem",
        "you are fine",
    ):
        assert reassurance not in page.lower()


def test_submitting_twice_assesses_once(world: World, draft: IntakeForm) -> None:
    client = client_for(world.paula_user)
    fill_questionnaire(client, draft, saddle_numbness="yes")

    client.post(f"/portal/questionnaire/{draft.pk}/submit/")
    client.post(f"/portal/questionnaire/{draft.pk}/submit/")

    assert Assessment.objects.filter(intake=draft).count() == 1
    assert ClinicAlert.objects.count() == 1

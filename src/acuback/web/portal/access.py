"""The portal shows a patient their own records only: fetch them through these helpers."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from acuback.web.intake.models import IntakeForm
from acuback.web.patients.access import get_patient
from acuback.web.patients.models import Patient


def own_patient(request: HttpRequest) -> Patient:
    """The patient record linked to the signed-in user.

    Raises Http404 for a user without one (staff, or a patient whose record was unlinked).
    """
    user = request.user
    pk = None
    if user.is_authenticated:
        pk = Patient.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404("No patient record is linked to this account.")
    return get_patient(request.user, pk, "patients.view_own_portal", request)


def own_intake(patient: Patient, pk: int) -> IntakeForm:
    """One of the patient's questionnaires; another patient's is not found (404)."""
    intake_form = IntakeForm.objects.filter(pk=pk, patient=patient).first()
    if intake_form is None:
        raise Http404("No such questionnaire.")
    intake_form.patient = patient  # already loaded: saves a query per use
    return intake_form

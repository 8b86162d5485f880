"""The portal shows a patient their own records only: fetch them through these helpers."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from acuback.web.intake.models import IntakeForm
from acuback.web.patients.access import get_patient
from acuback.web.patients.models import Patient
from acuback.web.prepared import Prepared

# Each portal page reads these two: compiled once (see acuback.web.prepared).
_OWN_PATIENT = Prepared(
    lambda user_id: Patient.objects.filter(user_id=user_id).order_by("pk").values_list("pk")[:1]
)
_OWN_INTAKE = Prepared(
    lambda pk, patient_id: IntakeForm.objects.filter(pk=pk, patient_id=patient_id)[:1]
)


def own_patient(request: HttpRequest) -> Patient:
    """The patient record linked to the signed-in user.

    Raises Http404 for a user without one (staff, or a patient whose record was unlinked).
    """
    user = request.user
    pk = None
    if user.is_authenticated:
        found = _OWN_PATIENT.rows(user_id=user.pk)
        pk = found[0][0] if found else None
    if pk is None:
        raise Http404("No patient record is linked to this account.")
    return get_patient(request.user, pk, "patients.view_own_portal", request)


def own_intake(patient: Patient, pk: int) -> IntakeForm:
    """One of the patient's questionnaires; another patient's is not found (404)."""
    intake_form = _OWN_INTAKE.first(pk=pk, patient_id=patient.pk)
    if intake_form is None:
        raise Http404("No such questionnaire.")
    intake_form.patient = patient  # already loaded: saves a query per use
    return intake_form

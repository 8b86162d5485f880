"""Records are fetched through access helpers: 404 across clinics, 403 for a role without the right."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from acuback.web.audit.models import AuditEvent
from acuback.web.patients.access import get_patient, patients_for
from tests.factories import make_patient
from tests.web.conftest import World


def test_a_practitioner_lists_only_their_clinics_patients(world: World) -> None:
    assert list(patients_for(world.alice)) == [world.paula]
    assert list(patients_for(world.bruno)) == [world.patient_b]


def test_a_patient_lists_nobody(world: World) -> None:
    assert list(patients_for(world.paula_user)) == []


def test_another_clinics_patient_is_not_found(world: World) -> None:
    with pytest.raises(Http404):
        get_patient(world.bruno, world.paula.pk, "patients.view_demographics")


def test_front_desk_may_see_demographics_but_not_clinical_records(world: World) -> None:
    assert get_patient(world.fiona, world.paula.pk, "patients.view_demographics") == world.paula

    with pytest.raises(PermissionDenied):
        get_patient(world.fiona, world.paula.pk, "patients.view_clinical")

    denied = AuditEvent.objects.get(action="denied")
    assert (denied.actor, denied.patient) == (world.fiona, world.paula)


def test_a_patient_sees_their_own_portal_but_not_anothers(world: World) -> None:
    assert get_patient(world.paula_user, world.paula.pk, "patients.view_own_portal") == world.paula

    with pytest.raises(Http404):
        get_patient(world.paula_user, world.patient_b.pk, "patients.view_own_portal")


def test_practitioner_and_admin_see_clinical_records_of_their_clinic(world: World) -> None:
    assert get_patient(world.alice, world.paula.pk, "patients.view_clinical") == world.paula
    assert get_patient(world.adam, world.paula.pk, "patients.view_clinical") == world.paula


def test_a_patient_asking_for_another_patient_of_their_clinic_gets_404(world: World) -> None:
    neighbour = make_patient(world.clinic_a)

    with pytest.raises(Http404):
        get_patient(world.paula_user, neighbour.pk, "patients.view_own_portal")

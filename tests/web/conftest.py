"""Named people for web tests, healthchecks-style.

In clinic A: alice (practitioner), fiona (front desk), adam (clinic admin), paula (a patient with a
portal account). In clinic B: bruno (practitioner) and his patient. Nobody in B may see A's records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import make_clinic, make_patient, make_user


@dataclass
class World:
    clinic_a: Any
    clinic_b: Any
    alice: Any
    fiona: Any
    adam: Any
    paula_user: Any
    paula: Any
    bruno: Any
    patient_b: Any


@pytest.fixture
def world(db: Any) -> World:
    clinic_a, clinic_b = make_clinic("North"), make_clinic("South")
    paula_user = make_user(clinic_a, "patient", "paula")
    return World(
        clinic_a=clinic_a,
        clinic_b=clinic_b,
        alice=make_user(clinic_a, "practitioner", "alice"),
        fiona=make_user(clinic_a, "front_desk", "fiona"),
        adam=make_user(clinic_a, "clinic_admin", "adam"),
        paula_user=paula_user,
        paula=make_patient(clinic_a, paula_user, given_name="Paula"),
        bruno=make_user(clinic_b, "practitioner", "bruno"),
        patient_b=make_patient(clinic_b, given_name="Bea"),
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each web test starts with Django's cache empty (the chart keeps rendered sections there), so
    no test sees what another test's rows rendered."""
    cache.clear()

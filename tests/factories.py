"""Plain factory functions for web tests: clinics, people in each role, patients."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

_counter = itertools.count(1)


def make_clinic(name: str = "Clinic", **fields: Any) -> Any:
    from acuback.web.clinics.models import Clinic

    n = next(_counter)
    return Clinic.objects.create(name=f"{name} {n}", slug=f"clinic-{n}", **fields)


def make_user(clinic: Any, role: str, username: str | None = None, **fields: Any) -> Any:
    from acuback.web.accounts.models import User

    user = User.objects.create(
        username=username or f"{role}-{next(_counter)}", clinic=clinic, role=role, **fields
    )
    user.set_password("pw")
    user.save()
    return user


def make_patient(clinic: Any, user: Any = None, **fields: Any) -> Any:
    from acuback.web.patients.models import Patient

    defaults: dict[str, Any] = {
        "given_name": "Pat",
        "family_name": f"Doe{next(_counter)}",
        "date_of_birth": dt.date(1980, 5, 17),
        "sex": "female",
    }
    defaults.update(fields)
    return Patient.objects.create(clinic=clinic, user=user, **defaults)

from __future__ import annotations

from typing import Any

import pytest

from acuback.web.intake.models import IntakeForm


@pytest.fixture
def draft(world: Any) -> IntakeForm:
    return IntakeForm.objects.create(patient=world.paula, entered_by=world.paula_user)

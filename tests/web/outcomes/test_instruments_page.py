"""Staff can read how each measure is scored, what the licence allows, and where thresholds come from."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.web.conftest import client_for


def test_it_lists_scoring_licences_and_sources(world: Any) -> None:
    page = client_for(world.fiona).get(reverse("outcomes:instruments")).content.decode()

    assert "Oswestry Disability Index (v2.1a)" in page
    assert page.count("Structure and scoring only") == 4
    assert "One section may be missed (often sex life)" in page
    assert "Ostelo RWJG, Deyo RA, Stratford P" in page
    assert "Wilson EB. Probable inference" in page


def test_patients_are_refused(world: Any) -> None:
    response = client_for(world.paula_user).get(reverse("outcomes:instruments"))

    assert response.status_code == 403

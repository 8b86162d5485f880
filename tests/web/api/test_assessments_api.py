"""/api/assessments: clinicians read stored assessments; the ad-hoc assessment stores nothing."""

from __future__ import annotations

import pytest

from acuback.web.audit.models import AuditEvent
from acuback.web.intake.models import Assessment, IntakeForm
from tests.web.api.conftest import api_as, assert_error
from tests.web.api.test_intakes_api import vignette
from tests.web.conftest import World


@pytest.fixture
def assessment(world: World) -> Assessment:
    made = (
        api_as(world.alice)
        .post(f"/api/patients/{world.paula.pk}/intakes", vignette("pattern_cold_damp"))
        .json()
    )
    return Assessment.objects.get(pk=made["assessment"]["id"])


@pytest.mark.parametrize("who", ["alice", "adam"])
def test_clinicians_read_the_whole_assessment(
    world: World, assessment: Assessment, who: str
) -> None:
    response = api_as(getattr(world, who)).get(f"/api/assessments/{assessment.pk}")

    assert response.status_code == 200
    assert response.json()["result"] == assessment.result
    assert (
        AuditEvent.objects.filter(action="view", object_type="Assessment", via="api").count() == 1
    )


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("fiona", 403, "forbidden"), ("paula_user", 403, "forbidden"), ("bruno", 404, "not_found")],
)
def test_others_may_not_read_an_assessment(
    world: World, assessment: Assessment, who: str, status: int, code: str
) -> None:
    response = api_as(getattr(world, who)).get(f"/api/assessments/{assessment.pk}")

    assert_error(response, status, code)


def test_a_patients_assessments_are_listed_without_the_result(
    world: World, assessment: Assessment
) -> None:
    body = api_as(world.alice).get(f"/api/patients/{world.paula.pk}/assessments").json()

    assert [a["id"] for a in body["items"]] == [assessment.pk]
    assert "result" not in body["items"][0]


def test_the_ad_hoc_assessment_runs_the_engine_and_stores_nothing(world: World) -> None:
    response = api_as(world.alice).post(
        "/api/assessments/preview?as_of=2025-03-01", vignette("ces_saddle_numbness")
    )

    assert response.status_code == 200, response.content
    result = response.json()
    assert (result["as_of"], result["triage"]["level"], result["prescription"]) == (
        "2025-03-01",
        "emergency",
        None,
    )
    assert (IntakeForm.objects.count(), Assessment.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        0,
    )


def test_the_ad_hoc_assessment_names_invalid_fields(world: World) -> None:
    response = api_as(world.alice).post(
        "/api/assessments/preview", {**vignette("pattern_cold_damp"), "age": "old"}
    )

    assert_error(response, 422, "invalid_intake", ["age"])


def test_an_unknown_protocol_is_refused_with_the_field_named(world: World) -> None:
    response = api_as(world.alice).post(
        "/api/assessments/preview?protocol=no-such", vignette("pattern_cold_damp")
    )

    assert_error(response, 422, "unknown_protocol", ["protocol"])


@pytest.mark.parametrize("who", ["fiona", "paula_user"])
def test_only_clinicians_may_run_the_ad_hoc_assessment(world: World, who: str) -> None:
    response = api_as(getattr(world, who)).post(
        "/api/assessments/preview", vignette("pattern_cold_damp")
    )

    assert_error(response, 403, "forbidden")

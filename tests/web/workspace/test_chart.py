"""The patient chart: the assessment as the engine made it, the proposed points drawn on the body chart,
the intake in words, episodes and visits. Clinicians only; every view audited."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from acuback.web.audit.models import AuditEvent
from acuback.web.care.services import record_visit
from tests.factories import make_patient
from tests.web.charting.builders import LOW_BACK, PREGNANT, assess_patient
from tests.web.conftest import World, client_for


def test_the_chart_shows_the_assessment_prescription_and_its_sources(world: World) -> None:
    stored = assess_patient(world.paula)
    result = stored.result

    response = client_for(world.alice).get(f"/workspace/patients/{world.paula.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert result["triage"]["summary"] in page
    assert "Decision support, the practitioner decides." in page
    assert result["disclaimer"] in page
    assert result["classification"]["codes"][0]["code"] in page
    assert result["patterns"][0]["name"] in page
    assert f"knowledge version {stored.knowledge_version}" in page
    for point in result["prescription"]["points"]:
        assert f"<strong>{point['code']}</strong>" in page
    assert "<svg" in page
    assert "Lower back (both)" in page


def test_withheld_points_are_listed_with_the_reason(world: World) -> None:
    stored = assess_patient(world.paula, PREGNANT)
    removed = stored.result["safety"]["removed"]

    page = client_for(world.alice).get(f"/workspace/patients/{world.paula.pk}/").content.decode()

    assert removed, "the pregnant vignette should withhold at least one point"
    assert "Points withheld" in page
    assert removed[0]["reason"] in page


def test_every_chart_view_is_audited(world: World) -> None:
    client_for(world.adam).get(f"/workspace/patients/{world.paula.pk}/")

    event = AuditEvent.objects.get(action="view")
    assert (event.actor, event.patient, event.summary) == (world.adam, world.paula, "patient chart")


def test_front_desk_is_refused_the_chart_and_the_refusal_is_audited(world: World) -> None:
    response = client_for(world.fiona).get(f"/workspace/patients/{world.paula.pk}/")

    assert response.status_code == 403
    assert AuditEvent.objects.get(action="denied").actor == world.fiona


def test_another_clinics_patient_is_not_found(world: World) -> None:
    assert client_for(world.bruno).get(f"/workspace/patients/{world.paula.pk}/").status_code == 404


def test_a_patient_cannot_open_even_their_own_chart(world: World) -> None:
    assert (
        client_for(world.paula_user).get(f"/workspace/patients/{world.paula.pk}/").status_code
        == 403
    )


def test_a_chart_without_an_intake_says_so(world: World) -> None:
    patient = make_patient(world.clinic_a)

    page = client_for(world.alice).get(f"/workspace/patients/{patient.pk}/").content.decode()

    assert "No assessment yet" in page
    assert "No submitted intake questionnaire." in page


def _queries(client, patient) -> tuple[int, int]:
    """Queries of a view drawing the clinical sections, then of a view finding them kept."""
    cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/workspace/patients/{patient.pk}/").status_code == 200
        counts.append(len(captured))
    return counts[0], counts[1]


def test_the_number_of_queries_does_not_grow_with_visits(world: World) -> None:
    assess_patient(world.paula)
    client = client_for(world.alice)
    for _ in range(5):
        record_visit(world.paula, world.alice)
    few = _queries(client, world.paula)
    for _ in range(45):
        record_visit(world.paula, world.alice)

    many = _queries(client, world.paula)

    assert many == few


def test_unanswered_questions_are_counted_never_shown_as_no(world: World) -> None:
    from acuback.core.intake import RedFlags

    assess_patient(world.paula)  # the vignette answers no red-flag question

    response = client_for(world.alice).get(f"/workspace/patients/{world.paula.pk}/")

    red_flags = next(
        s for s in response.context["intake_sections"] if s.title == "Red-flag questions"
    )
    assert (red_flags.yes, red_flags.no, red_flags.unknown) == ([], [], len(RedFlags.model_fields))


def test_the_chart_links_to_the_portal_invitation_and_the_outcome_charts(world: World) -> None:
    nora = make_patient(world.clinic_a, given_name="Nora", family_name="Quist")

    page = client_for(world.alice).get(f"/workspace/patients/{nora.pk}/").content.decode()

    assert f'href="/portal/invite/{nora.pk}/">Invite to the portal</a>' in page
    assert f'href="/outcomes/patient/{nora.pk}/">Outcome charts</a>' in page


def test_an_emergency_chart_warns_and_the_note_is_started_only_despite_it(world: World) -> None:
    assess_patient(world.paula, {**LOW_BACK, "red_flags": {"saddle_numbness": "yes"}})

    page = client_for(world.alice).get(f"/workspace/patients/{world.paula.pk}/").content.decode()

    assert "Emergency triage: refer before treating." in page
    assert "Start a note despite the emergency triage</a>" in page
    assert "Start session note</a>" not in page


def test_a_chart_without_an_emergency_has_the_plain_start_button(world: World) -> None:
    assess_patient(world.paula)

    page = client_for(world.alice).get(f"/workspace/patients/{world.paula.pk}/").content.decode()

    assert "Start session note</a>" in page
    assert "Emergency triage" not in page

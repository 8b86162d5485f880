"""The treatment plan: started from the engine's prescription or a protocol; points added by any
spelling and removed, with the core's safety screen re-run and stored at every change."""

from __future__ import annotations

import pytest

from acuback.web.audit.models import AuditEvent
from acuback.web.charting import services
from acuback.web.charting.models import PlanOrigin, TreatmentPlan
from tests.web.charting.builders import PREGNANT, assess_patient
from tests.web.conftest import World, client_for


def _start(world: World, origin: str = PlanOrigin.PROPOSED, **kwargs) -> TreatmentPlan:
    plan, _outcome = services.start_plan(world.paula, origin=origin, by=world.alice, **kwargs)
    return plan


def test_a_plan_starts_from_the_screened_proposed_prescription(world: World) -> None:
    stored = assess_patient(world.paula)

    plan = _start(world)

    expected = [p["code"] for p in stored.result["prescription"]["points"]]
    assert [p.code for p in plan.points.all()] == expected
    assert plan.safety["prescription"]["points"][0]["code"] == expected[0]
    assert plan.knowledge_version == stored.knowledge_version


def test_a_plan_starts_from_a_named_protocol(world: World) -> None:
    assess_patient(world.paula)

    plan = _start(world, PlanOrigin.PROTOCOL, protocol="cherkin_2009_standardised")

    assert plan.protocol == "cherkin_2009_standardised"
    assert {"BL23", "BL40", "KI3"} <= {p.code for p in plan.points.all()}
    assert plan.protocol_name.startswith("Cherkin 2009")


def test_an_unknown_protocol_is_refused_with_the_known_ones(world: World) -> None:
    with pytest.raises(services.ChartingError, match="No protocol is called 'nonsense'"):
        _start(world, PlanOrigin.PROTOCOL, protocol="nonsense")


def test_starting_from_the_proposal_without_an_assessment_is_refused(world: World) -> None:
    with pytest.raises(services.ChartingError, match="no assessment yet"):
        _start(world)


@pytest.mark.parametrize("spelling", ["BL40", "UB 40", "bl-40", "Weizhong", "Wěizhōng", "委中"])
def test_points_are_added_by_any_spelling(world: World, spelling: str) -> None:
    plan = _start(world, PlanOrigin.BLANK)

    services.add_plan_point(plan, spelling, by=world.alice)

    assert [(p.code, p.side, p.role) for p in plan.points.all()] == [("BL40", "both", "added")]


def test_a_midline_point_goes_on_the_midline(world: World) -> None:
    plan = _start(world, PlanOrigin.BLANK)

    services.add_plan_point(plan, "GV4", side="left", by=world.alice)

    assert plan.points.get().side == "midline"


def test_an_unknown_point_is_refused_with_suggestions(world: World) -> None:
    plan = _start(world, PlanOrigin.BLANK)

    with pytest.raises(services.ChartingError) as refused:
        services.add_plan_point(plan, "BL99", by=world.alice)

    assert refused.value.message.startswith("No point is called “BL99”.")
    assert plan.points.count() == 0


def test_adding_sp6_for_a_pregnant_patient_is_refused_with_the_reason(world: World) -> None:
    assess_patient(world.paula, PREGNANT)
    plan = _start(world, PlanOrigin.BLANK)

    with pytest.raises(services.ChartingError) as refused:
        services.add_plan_point(plan, "Sanyinjiao", by=world.alice)

    assert refused.value.code == "withheld"
    assert refused.value.message.startswith(
        "SP6 was not added: Pregnant: the traditionally forbidden points"
    )
    assert refused.value.message.endswith("(WHO 1999)")
    assert plan.points.count() == 0


def test_the_same_point_without_pregnancy_is_added_and_screened(world: World) -> None:
    assess_patient(world.paula)
    plan = _start(world, PlanOrigin.BLANK)

    services.add_plan_point(plan, "SP6", by=world.alice)

    plan.refresh_from_db()
    assert [p["code"] for p in plan.safety["prescription"]["points"]] == ["SP6"]


def test_the_screen_is_rerun_and_stored_on_every_change(world: World) -> None:
    assess_patient(world.paula)
    plan = _start(world, PlanOrigin.BLANK)

    services.add_plan_point(plan, "GB21", by=world.alice)
    plan.refresh_from_db()
    after_add = {a["point"] for a in plan.safety["point_alerts"]}
    services.remove_plan_point(plan, plan.points.get(code="GB21").pk, by=world.alice)
    plan.refresh_from_db()

    assert "GB21" in after_add
    assert plan.safety["point_alerts"] == []
    assert [e.summary for e in AuditEvent.objects.filter(action="update").order_by("pk")] == [
        "plan: added GB21",
        "plan: removed GB21",
    ]


def test_htmx_add_rerenders_the_panel_with_the_refusal(world: World) -> None:
    assess_patient(world.paula, PREGNANT)
    plan = _start(world, PlanOrigin.BLANK)

    response = client_for(world.alice).post(
        f"/charting/plans/{plan.pk}/points/", {"point": "sp 6"}, HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "charting/_plan_panel.html"
    assert "SP6 was not added: Pregnant: the traditionally forbidden points" in page
    assert 'id="plan-panel"' in page


def test_htmx_add_and_remove_show_the_points_and_the_safety_screen(world: World) -> None:
    assess_patient(world.paula)
    plan = _start(world, PlanOrigin.BLANK)
    client = client_for(world.alice)

    added = client.post(
        f"/charting/plans/{plan.pk}/points/", {"point": "BL23"}, HTTP_HX_REQUEST="true"
    )
    point = plan.points.get()
    removed = client.post(
        f"/charting/plans/{plan.pk}/points/{point.pk}/remove/", HTTP_HX_REQUEST="true"
    )

    assert "Added BL23." in added.content.decode()
    assert 'id="plan-point-BL23"' in added.content.decode()
    assert "Safety screen" in added.content.decode()
    assert "Removed BL23." in removed.content.decode()
    assert plan.points.count() == 0


def test_the_plan_page_is_audited_and_closed_to_front_desk_and_other_clinics(world: World) -> None:
    assess_patient(world.paula)
    plan = _start(world)

    assert (
        client_for(world.alice).get(f"/charting/patients/{world.paula.pk}/plan/").status_code == 200
    )
    assert (
        client_for(world.fiona).get(f"/charting/patients/{world.paula.pk}/plan/").status_code == 403
    )
    assert (
        client_for(world.bruno).get(f"/charting/patients/{world.paula.pk}/plan/").status_code == 404
    )
    assert (
        client_for(world.bruno)
        .post(f"/charting/plans/{plan.pk}/points/", {"point": "BL23"})
        .status_code
        == 404
    )
    assert (
        AuditEvent.objects.filter(
            action="view", summary="treatment plan", actor=world.alice
        ).count()
        == 1
    )


def test_a_clinic_admin_reads_the_plan_but_cannot_change_it(world: World) -> None:
    assess_patient(world.paula)
    plan = _start(world)

    page = client_for(world.adam).get(f"/charting/patients/{world.paula.pk}/plan/").content.decode()
    refused = client_for(world.adam).post(f"/charting/plans/{plan.pk}/points/", {"point": "BL23"})

    assert "Add a point" not in page
    assert refused.status_code == 403


def test_starting_a_new_plan_keeps_the_old_one_inactive(world: World) -> None:
    assess_patient(world.paula)
    first = _start(world)

    response = client_for(world.alice).post(
        f"/charting/patients/{world.paula.pk}/plan/start/", {"origin": "blank"}
    )

    first.refresh_from_db()
    assert response.status_code == 302
    assert first.is_active is False
    assert TreatmentPlan.objects.filter(patient=world.paula, is_active=True).get().origin == "blank"

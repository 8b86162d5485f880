"""The audit trail is append-only: the model refuses changes, and so does the database itself."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from acuback.web.audit.models import Action, AppendOnlyError, AuditEvent
from acuback.web.audit.services import record
from tests.web.conftest import World


def test_record_writes_who_what_and_which_patient(world: World) -> None:
    event = record(None, Action.VIEW, world.paula, actor=world.alice, summary="opened the chart")

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_role, stored.clinic, stored.patient) == (
        world.alice,
        "practitioner",
        world.clinic_a,
        world.paula,
    )
    assert (stored.action, stored.object_type, stored.object_id) == (
        "view",
        "Patient",
        str(world.paula.pk),
    )


def test_the_model_refuses_to_change_or_delete_an_event(world: World) -> None:
    event = record(None, Action.VIEW, world.paula, actor=world.alice)

    event.summary = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_auditevent SET summary = 'x'", "DELETE FROM audit_auditevent"]
)
def test_the_database_refuses_to_change_or_delete_events(world: World, statement: str) -> None:
    record(None, Action.VIEW, world.paula, actor=world.alice)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)

    assert AuditEvent.objects.count() == 1


def test_a_bulk_queryset_update_is_refused_too(world: World) -> None:
    record(None, Action.VIEW, world.paula, actor=world.alice)

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(summary="rewritten")

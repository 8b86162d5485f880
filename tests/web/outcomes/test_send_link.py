"""The practitioner emails a patient a one-time link from the progress page."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.urls import reverse

from acuback.web.outcomes.models import OutcomeRequest
from tests.web.conftest import client_for


def test_it_emails_a_follow_up_link(world: Any, episode: Any) -> None:
    world.paula.email = "paula@example.org"
    world.paula.save()

    response = client_for(world.alice).post(
        reverse("outcomes:send", args=[world.paula.pk]),
        {"episode": episode.pk, "kind": "follow_up", "week": "12"},
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "http://testserver/o/" in mail.outbox[0].body
    assert OutcomeRequest.objects.get().sent_at is not None


def test_without_an_email_address_it_says_so(world: Any, episode: Any) -> None:
    response = client_for(world.alice).post(
        reverse("outcomes:send", args=[world.paula.pk]),
        {"episode": episode.pk, "kind": "baseline"},
        follow=True,
    )

    assert "The patient has no email address." in response.content.decode()
    assert mail.outbox == []


def test_a_follow_up_without_a_week_is_refused(world: Any, episode: Any) -> None:
    response = client_for(world.alice).post(
        reverse("outcomes:send", args=[world.paula.pk]),
        {"episode": episode.pk, "kind": "follow_up"},
        follow=True,
    )

    assert "Choose a baseline or a follow-up week to send." in response.content.decode()
    assert not OutcomeRequest.objects.exists()


def test_another_clinic_cannot_send(world: Any, episode: Any) -> None:
    response = client_for(world.bruno).post(
        reverse("outcomes:send", args=[world.paula.pk]), {"episode": episode.pk, "kind": "baseline"}
    )

    assert response.status_code == 404

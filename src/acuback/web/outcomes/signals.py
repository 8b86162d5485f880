"""Keep the episode fields copied onto responder results in step when an episode changes."""

from __future__ import annotations

from typing import Any

from acuback.web.outcomes.models import EpisodeOutcome
from acuback.web.outcomes.services import EPISODE_COPIED


def copy_episode_fields(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created:
        return  # a new episode has no results yet
    EpisodeOutcome.objects.filter(episode_id=instance.pk).update(
        **{name: getattr(instance, name) for name in EPISODE_COPIED}
    )

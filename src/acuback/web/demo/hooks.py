"""Extension point of the scale demo: other apps add their own rows for each batch of patients.

Two ways to take part (use one):

* write ``<your app>/demo_hooks.py`` with a function ``add_demo_rows(batch: DemoBatch) -> int``; the
  generator finds it in every installed app (as django-rules autodiscovers ``rules.py``);
* or call ``register(func)`` from your ``AppConfig.ready()``.

A hook is called once per batch, inside the batch's transaction, after the batch's patients,
episodes, visits, intakes and assessments exist (with primary keys). It adds rows with
``bulk_create`` (never row by row: the demo builds a million visits), draws every random choice from
``batch.rng`` so that a seed gives the same data, and returns how many rows it added, which the
command reports under the hook's name. Example (outcome questionnaires)::

    def add_demo_rows(batch: DemoBatch) -> int:
        rows = [Response(episode=e, week=4, ...) for e in batch.episodes if batch.rng.random() < 0.7]
        Response.objects.bulk_create(rows, batch_size=2000)
        return len(rows)
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class DemoBatch:
    """One batch of generated records of one clinic, for hooks to add theirs to."""

    clinic: Any
    practitioners: list[Any]
    patients: list[Any]
    episodes: list[Any]
    visits: list[Any]
    intakes: list[Any]
    assessments: list[Any]
    rng: random.Random
    today: dt.date


DemoHook = Callable[[DemoBatch], int]

_registered: list[DemoHook] = []


def register(hook: DemoHook) -> DemoHook:
    """Add ``hook`` (usable as a decorator). Registering the same function twice adds it once."""
    if hook not in _registered:
        _registered.append(hook)
    return hook


def discovered() -> list[DemoHook]:
    """``add_demo_rows`` of every installed app that has a ``demo_hooks`` module."""
    found: list[DemoHook] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo_hooks"
        if find_spec(name) is None:
            continue
        hook = getattr(import_module(name), "add_demo_rows", None)
        if callable(hook):
            found.append(hook)
    return found


def all_hooks() -> list[DemoHook]:
    hooks = list(_registered)
    hooks += [hook for hook in discovered() if hook not in hooks]
    return hooks


def hook_name(hook: DemoHook) -> str:
    return f"{hook.__module__}.{getattr(hook, '__qualname__', repr(hook))}"

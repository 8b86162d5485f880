"""What a server process loads when it starts (acuback.web.preload): the data, the engine's compiled
rules and every template of ours, so that no first request pays for them. Checked in a fresh
interpreter, where nothing is loaded yet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import importlib, json
import django
django.setup()
from django.template import Engine
from acuback.web.preload import load_knowledge

def sizes():
    names = ("knowledge.atlas", "knowledge.engine_data", "core.triage", "core.patterns",
             "core.safety")
    found = {}
    for name in names:
        module = importlib.import_module("acuback." + name)
        found[name] = module._load_cached.cache_info().currsize if hasattr(
            module, "_load_cached") else module._compile.cache_info().currsize
    loader = Engine.get_default().template_loaders[0]
    found["templates"] = sorted(loader.get_template_cache)
    return found

before = sizes()
load_knowledge()
print(json.dumps({"before": before, "after": sizes()}))
"""


def test_load_knowledge_loads_the_data_compiles_the_rules_and_parses_our_templates(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "acuback.web.settings", "ACUBACK_HOME": str(tmp_path)}

    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    before, after = found["before"], found["after"]
    for name in ("knowledge.atlas", "knowledge.engine_data", "core.triage", "core.patterns"):
        assert (before[name], after[name]) == (0, 1), name
    assert after["core.safety"] == 1
    assert before["templates"] == []
    for name in ("workspace/chart.html", "workspace/today.html", "acuback/base.html"):
        assert any(name in key for key in after["templates"]), name
    assert not any("admin/" in key for key in after["templates"])  # ours only


FREEZE_PROBE = """
import gc, json
before = gc.get_freeze_count()
import acuback.web.wsgi
print(json.dumps({"before": before, "frozen": gc.get_freeze_count()}))
"""


def test_what_the_server_loads_is_frozen_out_of_the_collector_s_walks(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"ACUBACK_HOME": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    done = subprocess.run(
        [sys.executable, "-c", FREEZE_PROBE], env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["frozen"] - found["before"] > 50_000  # Django, the knowledge base, the templates

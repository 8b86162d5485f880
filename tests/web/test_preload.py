"""What a server process loads when it starts (acuback.web.preload): the data, the engine's compiled
rules and every template of ours, so that no first request pays for them."""

from __future__ import annotations

from django.template import Engine

from acuback.knowledge.atlas import _load_cached as atlas_cache
from acuback.knowledge.engine_data import _load_cached as engine_cache
from acuback.web.preload import load_knowledge


def test_load_knowledge_loads_the_data_and_parses_our_templates() -> None:
    atlas_cache.cache_clear()
    engine_cache.cache_clear()
    loader = Engine.get_default().template_loaders[0]
    loader.reset()

    load_knowledge()

    assert atlas_cache.cache_info().currsize == 1
    assert engine_cache.cache_info().currsize == 1
    for name in ("workspace/chart.html", "workspace/today.html", "acuback/base.html"):
        assert any(name in key for key in loader.get_template_cache), name
    assert not any("admin/" in key for key in loader.get_template_cache)  # ours only

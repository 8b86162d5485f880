"""The chart sections' cache: Django's file format and expiry, faster compression, culling checked
on one write in CULL_EVERY."""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path

from django.core.cache.backends.filebased import FileBasedCache

from acuback.web.filecache import CULL_EVERY, LEVEL, SectionsCache

HTML = "<section>" + "".join(f"<p>finding {n}: pain worse with cold</p>" for n in range(500))


def _cache(folder: Path, max_entries: int = 300) -> SectionsCache:
    return SectionsCache(str(folder), {"OPTIONS": {"MAX_ENTRIES": max_entries}})


def test_what_it_writes_django_reads_and_it_is_compressed_at_the_fast_level(
    tmp_path: Path,
) -> None:
    ours = _cache(tmp_path)
    ours.set("chart", HTML, 60)

    assert ours.get("chart") == HTML
    assert FileBasedCache(str(tmp_path), {}).get("chart") == HTML
    (entry,) = tmp_path.glob("*.djcache")
    with entry.open("rb") as file:
        pickle.load(file)  # the expiry
        payload = file.read()
    assert payload == zlib.compress(pickle.dumps(HTML, pickle.HIGHEST_PROTOCOL), LEVEL)
    assert entry.stat().st_mode & 0o077 == 0  # readable by the server's user only


def test_an_expired_entry_is_gone(tmp_path: Path) -> None:
    ours = _cache(tmp_path)
    ours.set("chart", HTML, -1)

    assert ours.get("chart") is None


def test_the_folder_is_culled_but_checked_only_now_and_then(tmp_path: Path) -> None:
    limit = 2 * CULL_EVERY
    ours = _cache(tmp_path, max_entries=limit)

    for n in range(5 * CULL_EVERY):
        ours.set(f"chart-{n}", "x", 60)
        assert len(list(tmp_path.glob("*.djcache"))) <= limit + CULL_EVERY

    assert len(list(tmp_path.glob("*.djcache"))) < 5 * CULL_EVERY  # some were dropped

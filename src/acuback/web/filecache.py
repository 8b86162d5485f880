"""Django's file-based cache, tuned for what Acuback keeps in it: rendered chart sections.

A chart's clinical sections are ~90 kB of HTML. Django's FileBasedCache compresses every entry at
zlib's default level (2 ms for such an entry, against 0.5 ms at level 1 for a file 15 % larger) and
lists the whole folder on every write to see whether it is full. Both were paid by every first view
of a chart. This backend compresses at level 1 and checks the folder's size on one write in
``CULL_EVERY`` (the folder may then exceed MAX_ENTRIES by about that many entries per process and
thread before a third of it is dropped, as Django does). Reading, expiry, file permissions and the file format are Django's own.
"""

from __future__ import annotations

import pickle
import zlib
from typing import IO, Any

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 50
LEVEL = 1


class SectionsCache(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._writes = 0

    def _write_content(self, file: IO[bytes], timeout: Any, value: Any) -> None:
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), LEVEL))

    def _cull(self) -> None:
        self._writes += 1
        if self._writes % CULL_EVERY == 1:  # the first write, then one in CULL_EVERY
            super()._cull()  # type: ignore[misc]  # Django's own; private in the stubs

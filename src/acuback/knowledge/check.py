"""Validate data files: ``python -m acuback.knowledge.check [POINT_FILE ...]``.

With no argument the whole bundled atlas is checked. With point files, only those are checked (against the
bundled sources and landmarks), so one meridian can be validated while others are being written.
Prints counts, or the first error and exit code 2.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from acuback.knowledge.atlas import build_atlas
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.loading import data_root


def _isolated_root(files: list[Path]) -> Path:
    root = Path(tempfile.mkdtemp(prefix="acuback-check-"))
    shutil.copy(data_root() / "sources.yaml", root / "sources.yaml")
    (root / "body").mkdir()
    shutil.copy(data_root() / "body" / "landmarks.yaml", root / "body" / "landmarks.yaml")
    (root / "points").mkdir()
    for path in files:
        shutil.copy(path, root / "points" / path.name)
    return root


def main(argv: list[str]) -> int:
    root = _isolated_root([Path(arg) for arg in argv]) if argv else data_root()
    try:
        atlas = build_atlas(root)
    except DataFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if argv:
            shutil.rmtree(root, ignore_errors=True)
    for meridian in atlas.meridians:
        print(f"{meridian.code}: {len(atlas.points_of(meridian.code))} points")
    print(
        f"EX: {len(atlas.points_of('EX'))} points; {len(atlas.points)} in all; version {atlas.version}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

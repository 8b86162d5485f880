"""Validate the bundled data files: ``python -m acuback.knowledge.check``. Prints counts or the first error."""

from __future__ import annotations

import sys

from acuback.knowledge.atlas import build_atlas
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.loading import data_root


def main() -> int:
    try:
        atlas = build_atlas(data_root())
    except DataFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for meridian in atlas.meridians:
        print(f"{meridian.code}: {len(atlas.points_of(meridian.code))} points")
    print(f"EX: {len(atlas.points_of('EX'))} points; {len(atlas.points)} in all; version {atlas.version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

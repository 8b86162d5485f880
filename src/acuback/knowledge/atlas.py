"""The acupoint atlas: meridians, points and landmarks, loaded once, validated, and looked up by any name."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from acuback.knowledge.errors import DataFileError, UnknownMeridian, UnknownPoint
from acuback.knowledge.loading import (
    data_root,
    parse_record,
    parse_records,
    read_yaml,
    require_mapping,
    unique,
)
from acuback.knowledge.models import Landmark, Meridian, Point, Source
from acuback.knowledge.spelling import fold, fold_tones

EXTRA_FILE = "EX.yaml"


@dataclass(frozen=True)
class Atlas:
    """Everything the atlas knows. Build it with :func:`load_atlas`; never mutate it."""

    sources: Mapping[str, Source]
    landmarks: Mapping[str, Landmark]
    meridians: tuple[Meridian, ...]
    points: tuple[Point, ...]
    version: str
    _by_code: dict[str, Point] = field(repr=False)  # every code spelling, folded
    _by_name: dict[str, tuple[Point, ...]] = field(repr=False)
    _by_who_code: dict[str, Point] = field(repr=False)  # the WHO code, exactly as written

    def get(self, code: str) -> Point | None:
        """The point whose WHO code is exactly ``code`` (``"BL23"``, ``"EX-B2"``), or None.

        For programs that hold WHO codes, such as the engine's data files: no folding, no other
        spellings, no suggestions, so a miss costs a dictionary lookup. People's queries go to
        :meth:`point`.
        """
        return self._by_who_code.get(code)

    def point(self, query: str) -> Point:
        """Return the one point that ``query`` names: any code spelling, pinyin, characters or English.

        Raises :class:`UnknownPoint` when nothing matches, or several points share the name
        (the error then lists them as suggestions).
        """
        key = fold(query)
        if key in self._by_code:
            return self._by_code[key]
        for candidate_key in (key, fold_tones(query)):
            found = self._by_name.get(candidate_key, ())
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise UnknownPoint(query, tuple(p.code for p in found))
        raise UnknownPoint(query, tuple(p.code for p in self.search(query)[:5]))

    def search(self, text: str) -> list[Point]:
        """Points whose code, pinyin, characters, English or other names contain ``text``.

        Exact matches come first, then prefix matches, then other substrings; atlas order within each.
        """
        needle = fold_tones(text)
        if not needle:
            return []
        ranked: list[tuple[int, int, Point]] = []
        for order, point in enumerate(self.points):
            best = 3
            for name in self.names_of(point):
                folded = fold_tones(name)
                if folded == needle:
                    best = 0
                    break
                if folded.startswith(needle):
                    best = min(best, 1)
                elif needle in folded:
                    best = min(best, 2)
            if best < 3:
                ranked.append((best, order, point))
        return [point for _, _, point in sorted(ranked, key=lambda row: (row[0], row[1]))]

    def meridian(self, query: str) -> Meridian:
        key = fold(query)
        for meridian in self.meridians:
            if key in {fold(meridian.code), fold(meridian.name), *map(fold, meridian.aliases)}:
                return meridian
        raise UnknownMeridian(query)

    def points_of(self, meridian_code: str) -> tuple[Point, ...]:
        return tuple(p for p in self.points if p.meridian == meridian_code)

    def codes_of(self, point: Point) -> tuple[str, ...]:
        """The WHO code first, then the other codes in use (UB23, B23 for BL23; DU4 for GV4...)."""
        codes = [point.code]
        if point.meridian != "EX":
            for meridian in self.meridians:
                if meridian.code == point.meridian:
                    codes += [f"{alias}{point.number}" for alias in meridian.aliases]
        codes += [code for code in point.alt_codes if code not in codes]
        return tuple(codes)

    def names_of(self, point: Point) -> tuple[str, ...]:
        names = [*self.codes_of(point), point.pinyin, point.hanzi, point.english]
        if point.hanzi_traditional:
            names.append(point.hanzi_traditional)
        names += point.other_names
        return tuple(names)


def _meridian_order(path: Path) -> tuple[int, str]:
    # The 12 regular channels in their flow order, then GV, CV and the extra points.
    order = [
        "LU",
        "LI",
        "ST",
        "SP",
        "HT",
        "SI",
        "BL",
        "KI",
        "PC",
        "TE",
        "GB",
        "LR",
        "GV",
        "CV",
        "EX",
    ]
    stem = path.stem.upper()
    return (order.index(stem) if stem in order else len(order), stem)


def source_files(root: Path) -> list[Path]:
    """``sources.yaml`` first, then the topic files ``sources_<topic>.yaml`` in name order."""
    return [root / "sources.yaml", *sorted(root.glob("sources_*.yaml"))]


def _load_sources(root: Path) -> dict[str, Source]:
    """Every source of the knowledge base, so any fact's citation resolves in one registry."""
    found: dict[str, Source] = {}
    for path in source_files(root):
        doc = require_mapping(path, read_yaml(path), "sources")
        records = parse_records(path, Source, doc["sources"], "sources")
        unique(path, (s.id for s in records), "source")
        for source in records:
            if source.id in found:
                raise DataFileError(
                    path, source.id, "id", "is already defined in another sources file"
                )
            found[source.id] = source
    return found


def _load_landmarks(root: Path) -> dict[str, Landmark]:
    path = root / "body" / "landmarks.yaml"
    doc = require_mapping(path, read_yaml(path), "landmarks")
    records = parse_records(path, Landmark, doc["landmarks"], "landmarks")
    unique(path, (lm.id for lm in records), "landmark")
    return {lm.id: lm for lm in records}


def _load_point_file(path: Path) -> tuple[Meridian | None, list[Point]]:
    doc = require_mapping(path, read_yaml(path), "points")
    meridian = None
    if path.name != EXTRA_FILE:
        raw_meridian = require_mapping(path, doc, "meridian")["meridian"]
        meridian = parse_record(path, Meridian, raw_meridian, f"meridian {path.stem}")
        if meridian.code != path.stem:
            raise DataFileError(
                path, f"meridian {meridian.code}", "code", "must match the file name"
            )
    points = parse_records(path, Point, doc["points"], "points", label_field="code")
    return meridian, points


def _check_meridian(path: Path, meridian: Meridian, points: list[Point]) -> None:
    expected = [f"{meridian.code}{n}" for n in range(1, meridian.point_count + 1)]
    actual = [p.code for p in points]
    if actual != expected:
        missing = sorted(set(expected) - set(actual), key=expected.index)
        stray = [code for code in actual if code not in expected]
        detail = []
        if missing:
            detail.append(f"missing {', '.join(missing[:6])}")
        if stray:
            detail.append(f"unexpected {', '.join(stray[:6])}")
        if not detail:
            detail.append("points are out of order")
        raise DataFileError(
            path,
            f"meridian {meridian.code}",
            "points",
            f"do not run 1..{meridian.point_count}: " + "; ".join(detail),
        )


def _check_references(
    files: dict[str, Path],
    points: list[Point],
    sources: Mapping[str, Source],
    landmarks: Mapping[str, Landmark],
) -> None:
    codes = {p.code for p in points}
    for point in points:
        path = files[point.code]
        cited = [
            ("location_source", point.location_source),
            ("needling.source", point.needling.source),
        ]
        cited += [(f"categories.{i}.source", c.source) for i, c in enumerate(point.categories)]
        cited += [(f"cautions.{i}.source", c.source) for i, c in enumerate(point.cautions)]
        cited += [(f"indications.{i}.source", c.source) for i, c in enumerate(point.indications)]
        for field_name, source_id in cited:
            if source_id not in sources:
                raise DataFileError(
                    path, point.code, field_name, f"cites unknown source {source_id!r}"
                )
        for ref in point.position.references:
            if ref not in landmarks and ref not in codes:
                raise DataFileError(
                    path,
                    point.code,
                    "position",
                    f"refers to {ref!r}, neither a landmark nor a point",
                )
    _check_no_cycles(files, points)


def _check_no_cycles(files: dict[str, Path], points: list[Point]) -> None:
    by_code = {p.code: p for p in points}
    done: set[str] = set()

    def visit(code: str, trail: tuple[str, ...]) -> None:
        if code in done:
            return
        if code in trail:
            loop = " -> ".join((*trail[trail.index(code) :], code))
            raise DataFileError(files[code], code, "position", f"places points in a loop: {loop}")
        for ref in by_code[code].position.references:
            if ref in by_code:
                visit(ref, (*trail, code))
        done.add(code)

    for point in points:
        visit(point.code, ())


def _fingerprint(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_atlas(root: Path) -> Atlas:
    """Load and validate the atlas from a data folder. Raises :class:`DataFileError`."""
    sources = _load_sources(root)
    landmarks = _load_landmarks(root)
    point_dir = root / "points"
    point_files = sorted(point_dir.glob("*.yaml"), key=_meridian_order)
    if not point_files:
        raise DataFileError(point_dir, None, None, "holds no point files")
    meridians: list[Meridian] = []
    points: list[Point] = []
    files: dict[str, Path] = {}
    for path in point_files:
        meridian, file_points = _load_point_file(path)
        if meridian is not None:
            _check_meridian(path, meridian, file_points)
            if meridian.source not in sources:
                raise DataFileError(
                    path, f"meridian {meridian.code}", "source", "cites an unknown source"
                )
            meridians.append(meridian)
        for point in file_points:
            if point.code in files:
                raise DataFileError(
                    path, point.code, "code", f"is already defined in {files[point.code].name}"
                )
            if meridian is None and point.meridian != "EX":
                raise DataFileError(path, point.code, "code", "belongs in its meridian's file")
            files[point.code] = path
        points += file_points
    _check_references(files, points, sources, landmarks)

    by_code: dict[str, Point] = {}
    by_name: dict[str, list[Point]] = {}
    atlas = Atlas(sources, landmarks, tuple(meridians), tuple(points), "", {}, {}, {})
    for point in points:
        for code in atlas.codes_of(point):
            by_code.setdefault(fold(code), point)
        words = [point.pinyin, point.hanzi, point.english, *point.other_names]
        if point.hanzi_traditional:
            words.append(point.hanzi_traditional)
        for word in words:
            for key in {fold(word), fold_tones(word)}:
                bucket = by_name.setdefault(key, [])
                if point not in bucket:
                    bucket.append(point)
    all_files = [*source_files(root), root / "body" / "landmarks.yaml", *point_files]
    return Atlas(
        sources=sources,
        landmarks=landmarks,
        meridians=tuple(meridians),
        points=tuple(points),
        version=_fingerprint(all_files, root),
        _by_code=by_code,
        _by_name={key: tuple(found) for key, found in by_name.items()},
        _by_who_code={point.code: point for point in points},
    )


def load_atlas(root: Path | None = None) -> Atlas:
    """The atlas of ``root`` or of :func:`data_root`, loaded once per folder and process."""
    return _load_cached(root or data_root())


@cache
def _load_cached(root: Path) -> Atlas:
    return build_atlas(root)

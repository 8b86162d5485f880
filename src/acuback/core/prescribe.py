"""Point prescriptions from region rules, the sciatic channel, the leading pattern and named protocols.

Without a protocol (see ``docs/clinical/prescription.md`` for worked cases):

1. For each painful region with a rule in ``data/region_rules.yaml``: the first local points that suit
   the side of the pain, the adjacent points, and distal points that suit the episode's duration
   (Maciocia: an acute backache is treated with distal points first).
2. Ashi: tender points found by palpation, needled where they are found.
3. Pain down the leg: points along the Bladder channel (back of the leg) or the Gallbladder channel
   (outer side), chosen from the radiation areas.
4. The leading pattern's points, if its score reaches ``pattern_points_from``.
5. No point twice (sides are merged), and no more than ``max_insertions`` needles (a point on both
   sides counts twice, ashi once): pattern points go first, then adjacent points, then the later
   local, distal and channel points of each region, so every region keeps its first local and distal
   point longest.

Sides follow the pain: a point on one side for one-sided pain, both sides for central or two-sided
pain, the midline for midline points. With a protocol, its own selection rule replaces steps 1-4.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum, StrEnum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from acuback.core.errors import UnknownProtocol
from acuback.core.intake import Intake, PainRegion, Side
from acuback.core.patterns import PatternScore
from acuback.core.records import trusted
from acuback.knowledge.atlas import Atlas
from acuback.knowledge.engine_data import ASHI, EngineData, load_engine_data
from acuback.knowledge.errors import UnknownPoint
from acuback.knowledge.patterns_data import Moxibustion, PatternStatus
from acuback.knowledge.protocols_data import (
    DurationFilter,
    PainSideFilter,
    Protocol,
    RegionRule,
    RulePoint,
    SciaticChannel,
    Selection,
)


class PointRole(StrEnum):
    LOCAL = "local"
    ADJACENT = "adjacent"
    DISTAL = "distal"
    PATTERN = "pattern"
    PROTOCOL = "protocol"


class PointSide(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    MIDLINE = "midline"

    @property
    def insertions(self) -> int:
        return 2 if self is PointSide.BOTH else 1


class PrescriptionModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PrescribedPoint(PrescriptionModel):
    """One point of a prescription. ``at_site``: at the painful site (withheld over broken skin)."""

    code: str
    side: PointSide
    role: PointRole
    rationale: str
    source: str
    at_site: bool = False

    @property
    def insertions(self) -> int:
        """Needles for this entry: two for both sides; ashi counts once (palpation decides)."""
        return 1 if self.code == ASHI else self.side.insertions


class Prescription(PrescriptionModel):
    """The points to consider, the protocol used (if any), and notes for the practitioner."""

    points: tuple[PrescribedPoint, ...]
    protocol: str | None = None
    protocol_name: str | None = None
    regimen: str | None = None
    patterns_used: tuple[str, ...] = ()
    moxibustion: Moxibustion | None = None
    notes: tuple[str, ...] = ()

    @property
    def insertions(self) -> int:
        """Needles for one session: a point on both sides counts twice."""
        return sum(p.insertions for p in self.points)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.points)


_prescription = trusted(Prescription)  # for values the engine built itself (records.trusted)


# --- helpers -----------------------------------------------------------------------------------

# Priorities for the insertion cap (lower is kept longer): the n-th local point of a region ranks
# n*10, its n-th distal point n*10+1, the n-th point on a sciatic channel n*10+2, adjacent points come
# after, pattern points last. So every region keeps its first local and distal point longest.
_STEP = 10
_ADJACENT = 30
_PATTERN = 100
_ASHI_PRIORITY = -1


def duration_class(classification: object) -> str | None:
    """The duration class (``acute``, ``subacute``, ``chronic``) a classification holds, or None.

    Accepts a classification whose ``duration`` is a string or enum, or an object carrying one in
    ``duration_class``, ``class_`` or ``value``.
    """
    value = getattr(classification, "duration", None)
    for attribute in ("duration_class", "class_", "value"):
        if value is None or isinstance(value, str | Enum):
            break
        value = getattr(value, attribute, None)
    if isinstance(value, Enum):
        value = value.value
    return str(value) if isinstance(value, str) and value != "unknown" else None


def is_midline(code: str, atlas: Atlas) -> bool:
    """True for a point on the midline: from the atlas, or by its channel (GV, CV) when missing."""
    point = atlas.get(code)
    if point is not None:
        return not point.bilateral
    try:
        atlas.point(code)  # another point's alternative code (GV29 for EX-HN3): not its own
    except UnknownPoint:
        return code.startswith(("GV", "CV"))
    return False


def _merge_sides(first: PointSide, second: PointSide) -> PointSide:
    if first == second or first is PointSide.MIDLINE:
        return first
    return PointSide.BOTH


def pain_side(sides: Iterable[Side]) -> Side:
    """One side for a set of marked sides: left or right alone; central alone; otherwise both."""
    marked = set(sides)
    lateral = marked & {Side.LEFT, Side.RIGHT}
    if (
        Side.BOTH in marked
        or lateral == {Side.LEFT, Side.RIGHT}
        or (lateral and Side.CENTRAL in marked)
    ):
        return Side.BOTH
    if lateral:
        return lateral.pop()
    return Side.CENTRAL


def _point_side(side: Side, midline: bool) -> PointSide:
    if midline:
        return PointSide.MIDLINE
    if side is Side.LEFT:
        return PointSide.LEFT
    if side is Side.RIGHT:
        return PointSide.RIGHT
    return PointSide.BOTH


@lru_cache(maxsize=4096)
def _prescribed(
    code: str, side: PointSide, role: PointRole, rationale: str, source: str, at_site: bool
) -> PrescribedPoint:
    """One prescribed point. The same few hundred recur (the data's points on each side), and they
    are frozen, so each is built once and shared."""
    return PrescribedPoint(
        code=code, side=side, role=role, rationale=rationale, source=source, at_site=at_site
    )


class _Builder:
    """Collects points in order, merging a point chosen twice."""

    def __init__(self, atlas: Atlas) -> None:
        self.atlas = atlas
        self.points: list[PrescribedPoint] = []
        self.priority: dict[str, int] = {}
        self.index: dict[str, int] = {}  # code -> position in ``points``

    def add(
        self,
        code: str,
        side: Side | PointSide,
        role: PointRole,
        rationale: str,
        source: str,
        at_site: bool,
        priority: int = 0,
    ) -> None:
        if isinstance(side, PointSide):
            point_side = side
        else:
            point_side = _point_side(side, code != ASHI and is_midline(code, self.atlas))
        self.add_point(_prescribed(code, point_side, role, rationale, source, at_site), priority)

    def add_point(self, point: PrescribedPoint, priority: int) -> None:
        """Add a point already built (its side resolved); a point chosen again is merged: sides
        joined, at the site if either is, the first role and rationale kept."""
        code = point.code
        held = self.priority.get(code)
        self.priority[code] = priority if held is None or priority < held else held
        index = self.index.get(code)
        if index is not None:
            existing = self.points[index]
            self.points[index] = _prescribed(
                code,
                _merge_sides(existing.side, point.side),
                existing.role,
                existing.rationale,
                existing.source,
                existing.at_site or point.at_site,
            )
            return
        self.index[code] = len(self.points)
        self.points.append(point)

    def __contains__(self, code: str) -> bool:
        return code in self.index

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.points]


def _regions(intake: Intake) -> list[tuple[PainRegion, Side]]:
    order: list[PainRegion] = []
    sides: dict[PainRegion, list[Side]] = {}
    for site in intake.pain_sites:
        if site.region not in sides:
            order.append(site.region)
        sides.setdefault(site.region, []).append(site.side)
    return [(region, pain_side(sides[region])) for region in order]


def _suits_side(entry: RulePoint, side: Side) -> bool:
    if entry.pain_side is PainSideFilter.CENTRAL:
        return side in (Side.CENTRAL, Side.BOTH)
    if entry.pain_side is PainSideFilter.LATERAL:
        return side in (Side.LEFT, Side.RIGHT)
    return True


def _suits_duration(entry: RulePoint, duration: str | None) -> bool:
    if entry.duration is DurationFilter.ANY:
        return True
    if duration == "subacute":
        return entry.duration is DurationFilter.CHRONIC
    return entry.duration.value == duration


_RegionEntry = tuple[str, PointRole, str, str, bool, int]
# (id of the rule, id of the atlas, pain side, duration) -> (the rule, the atlas, its points and
# their priorities): a few dozen combinations.
_region_points: dict[
    tuple[int, int, Side, str | None],
    tuple[RegionRule, Atlas, tuple[tuple[PrescribedPoint, int], ...]],
] = {}


def _points_for(
    rule: RegionRule, side: Side, duration: str | None, atlas: Atlas
) -> tuple[tuple[PrescribedPoint, int], ...]:
    """The rule's points for this pain side and duration, built (sides resolved against the atlas)
    with their priorities, in the order they are added. Worked out once per combination."""
    key = (id(rule), id(atlas), side, duration)
    kept = _region_points.get(key)
    if kept is not None and kept[0] is rule and kept[1] is atlas:
        return kept[2]
    points = tuple(
        (
            _prescribed(
                code,
                _point_side(side, code != ASHI and is_midline(code, atlas)),
                role,
                rationale,
                source,
                at_site,
            ),
            priority,
        )
        for code, role, rationale, source, at_site, priority in _entries(rule, side, duration)
    )
    _region_points[key] = (rule, atlas, points)
    return points


def _entries(rule: RegionRule, side: Side, duration: str | None) -> tuple[_RegionEntry, ...]:
    """The rule's points for this pain side and duration: (code, role, rationale, source, at the
    site, priority), in the order they are added."""
    local = [e for e in rule.local if _suits_side(e, side)][: rule.max_local]
    adjacent = [e for e in rule.adjacent if _suits_side(e, side)][: rule.max_adjacent]
    distal = [e for e in rule.distal if _suits_duration(e, duration)][: rule.max_distal]
    entries = tuple(
        (entry.code, role, entry.rationale, entry.source, at_site, rank * _STEP + offset)
        for group, role, at_site, offset in (
            (local, PointRole.LOCAL, True, 0),
            (adjacent, PointRole.ADJACENT, True, _ADJACENT + 3),
            (distal, PointRole.DISTAL, False, 1),
        )
        for rank, entry in enumerate(group)
    )
    return entries


def _apply_region(builder: _Builder, rule: RegionRule, side: Side, duration: str | None) -> None:
    for point, priority in _points_for(rule, side, duration, builder.atlas):
        builder.add_point(point, priority)


def _spread(items: Sequence[str], count: int) -> list[str]:
    """``count`` items spread evenly from the first to the last, in order."""
    if len(items) <= count:
        return list(items)
    if count == 1:
        return [items[0]]
    picks = sorted({round(i * (len(items) - 1) / (count - 1)) for i in range(count)})
    return [items[i] for i in picks]


def sciatic_channels(intake: Intake, knowledge: EngineData) -> tuple[SciaticChannel, ...]:
    """The channels whose areas the leg radiation reaches (Bladder: back of the leg; Gallbladder: side)."""
    areas = {area.value for area in intake.radiation.areas}
    return tuple(c for c in knowledge.region_rules.sciatica.channels if areas & set(c.areas))


def _apply_sciatica(
    builder: _Builder, intake: Intake, knowledge: EngineData, fallback: Side, notes: list[str]
) -> None:
    radiation = intake.radiation
    if not radiation.into_leg:
        return
    channels = sciatic_channels(intake, knowledge)
    if not channels:
        notes.append(
            "Pain spreads into the leg but not along the Bladder or Gallbladder channel areas; "
            "no channel points added: palpate along the path of the pain."
        )
        return
    side = Side(radiation.side.value) if radiation.side is not None else fallback
    areas = {area.value for area in radiation.areas}
    limit = knowledge.region_rules.sciatica.max_points
    for channel in channels:
        matching = [p for p in channel.points if areas & set(p.areas)]
        chosen = _spread([p.code for p in matching], limit)
        for point in matching:
            if point.code in chosen:
                rank = chosen.index(point.code) * _STEP + 2
                builder.add(
                    point.code, side, PointRole.DISTAL, point.rationale, point.source, False, rank
                )
        notes.append(f"Leg pain follows the {channel.label}: points along that channel.")


def _leading_pattern(
    patterns: Sequence[PatternScore], knowledge: EngineData
) -> PatternScore | None:
    threshold = knowledge.patterns.scoring.pattern_points_from
    if patterns and patterns[0].score >= threshold:
        return patterns[0]
    return None


def _apply_pattern(
    builder: _Builder, patterns: Sequence[PatternScore], knowledge: EngineData, notes: list[str]
) -> PatternScore | None:
    leading = _leading_pattern(patterns, knowledge)
    if leading is None:
        threshold = knowledge.patterns.scoring.pattern_points_from
        notes.append(
            f"No pattern reaches {threshold:.2f}: no pattern points added; treat by region and duration."
        )
        return None
    pattern = knowledge.patterns.pattern(leading.pattern_id)
    added = 0
    for point in pattern.points:
        if added >= knowledge.region_rules.limits.max_pattern_points:
            break
        if point.code in builder:
            continue
        builder.add(
            point.code,
            Side.BOTH,
            PointRole.PATTERN,
            f"{pattern.name}: {point.rationale}",
            point.source,
            False,
            _PATTERN + added,
        )
        added += 1
    notes.append(
        f"Pattern points for {pattern.name} ({leading.score:.2f}): {pattern.treatment_principle.text}"
    )
    if pattern.status is PatternStatus.CONTESTED:
        notes.append(
            f"{pattern.name} is contested as a back-pain pattern: weigh its points accordingly."
        )
    return leading


def _add_ashi(builder: _Builder, side: Side, knowledge: EngineData) -> None:
    ashi = knowledge.region_rules.ashi
    builder.add(ASHI, side, PointRole.LOCAL, ashi.rationale, ashi.source, True, _ASHI_PRIORITY)


def _cap(builder: _Builder, limit: int) -> tuple[list[PrescribedPoint], list[str]]:
    """Drop points, lowest priority and latest added first, until at most ``limit`` insertions
    (or until ashi would be next: it stays)."""
    points = builder.points
    insertions = [1 if p.code == ASHI else p.side.insertions for p in points]
    total = sum(insertions)
    if total <= limit:  # most prescriptions
        return list(points), []
    priority = builder.priority
    # Removing a point leaves the others' order unchanged, so the victims come in one ordering.
    victims = sorted(range(len(points)), key=lambda i: (priority[points[i].code], i), reverse=True)
    removed: set[int] = set()
    dropped: list[str] = []
    for victim in victims:
        if total <= limit or points[victim].code == ASHI:
            break
        removed.add(victim)
        dropped.append(points[victim].code)
        total -= insertions[victim]
    return [p for i, p in enumerate(points) if i not in removed], dropped


def protocol_named(name: str, knowledge: EngineData | None = None) -> Protocol:
    """The protocol called ``name`` (case, spaces and hyphens forgiven).

    Takes the name and optionally the engine data. Returns the protocol. Raises
    :class:`UnknownProtocol`, listing the known ids, when no protocol has that name.
    """
    data = knowledge or load_engine_data()
    protocol = data.protocol(name.strip().lower().replace("-", "_").replace(" ", "_"))
    if protocol is None:
        raise UnknownProtocol(name, tuple(p.id for p in data.protocols))
    return protocol


def _population_notes(protocol: Protocol, intake: Intake, duration: str | None) -> list[str]:
    notes = []
    regions = {r.value for r in intake.regions}
    if regions and not regions & set(protocol.population.regions):
        where = ", ".join(r.replace("_", " ") for r in protocol.population.regions)
        notes.append(
            f"{protocol.name} was tested for pain of the {where}; this patient's pain lies elsewhere."
        )
    wanted = protocol.population.duration
    if wanted != "any" and duration is not None and duration != wanted:
        notes.append(f"{protocol.name} was tested in {wanted} pain; this episode is {duration}.")
    return notes


def _site_codes(intake: Intake, knowledge: EngineData) -> set[str]:
    """Codes of every local and adjacent point of the painful regions' rules."""
    codes: set[str] = set()
    for region in intake.regions:
        rule = knowledge.region_rules.rule_for(region.value)
        if rule is not None:
            codes |= {entry.code for group, entry in rule.entries() if group != "distal"}
    return codes


def _apply_selection(
    builder: _Builder,
    selection: Selection,
    protocol: Protocol,
    preferred: list[str],
    site_codes: set[str],
    side: Side,
) -> None:
    if selection.pick == "all":
        chosen = list(selection.pool)
    else:
        ranked = [c for c in preferred if c in selection.pool]
        ranked += [c for c in selection.pool if c not in ranked]
        chosen = ranked[: selection.pick]
    point_side = Side.BOTH if selection.side == "bilateral" else side
    what = {"local": "local point", "distal": "distal point", "fixed": "fixed point"}[
        selection.role
    ]
    rationale = f"{protocol.name}: {what}. {selection.note or ''}".strip()
    for rank, code in enumerate(chosen):
        at_site = selection.role == "local" or code in site_codes
        builder.add(
            code, point_side, PointRole.PROTOCOL, rationale, protocol.source, at_site, rank * _STEP
        )


# --- the prescription ----------------------------------------------------------------------------


def _default_points(
    builder: _Builder,
    intake: Intake,
    duration: str | None,
    patterns: Sequence[PatternScore],
    knowledge: EngineData,
    notes: list[str],
    *,
    with_patterns: bool = True,
) -> PatternScore | None:
    regions = _regions(intake)
    overall = pain_side(side for _, side in regions)
    unmatched = []
    for region, side in regions:
        rule = knowledge.region_rules.rule_for(region.value)
        if rule is None:
            unmatched.append(region.value.replace("_", " "))
            continue
        _apply_region(builder, rule, side, duration)
    if regions and len(unmatched) < len(regions):
        _add_ashi(builder, overall, knowledge)
    if unmatched:
        notes.append(
            f"No region rule for {', '.join(unmatched)}: choose local points there by palpation."
        )
    _apply_sciatica(builder, intake, knowledge, overall, notes)
    return _apply_pattern(builder, patterns, knowledge, notes) if with_patterns else None


def prescribe(
    intake: Intake,
    classification: object,
    patterns: Sequence[PatternScore],
    atlas: Atlas,
    protocol: str | None = None,
    *,
    knowledge: EngineData | None = None,
) -> Prescription:
    """Propose points for one session.

    Takes the intake, its classification (only the duration class is read), the ranked pattern
    scores from :func:`acuback.core.patterns.differentiate`, the atlas (to tell midline points), and
    optionally a protocol id (``art_brinkhaus_2006``, ``cherkin_2009_standardised``, ``gerac_2007``,
    ``expert_consensus_chronic_lbp``). Returns the prescription; it is not yet screened for safety
    (see :func:`acuback.core.safety.screen`). Raises :class:`UnknownProtocol` for an unknown protocol.
    """
    data = knowledge or load_engine_data()
    duration = duration_class(classification)
    notes: list[str] = []
    builder = _Builder(atlas)
    chosen_protocol = protocol_named(protocol, data) if protocol is not None else None
    leading: PatternScore | None

    if chosen_protocol is None or not chosen_protocol.points_sourced:
        leading = _default_points(builder, intake, duration, patterns, data, notes)
    else:
        # The engine's own choice tells which pool points suit this patient best.
        shadow = _Builder(atlas)
        _default_points(shadow, intake, duration, patterns, data, [], with_patterns=True)
        site_codes = _site_codes(intake, data)
        overall = pain_side(site.side for site in intake.pain_sites)
        for selection in chosen_protocol.selection:
            _apply_selection(builder, selection, chosen_protocol, shadow.codes, site_codes, overall)
        if chosen_protocol.ashi:
            _add_ashi(builder, overall, data)
        leading = (
            _apply_pattern(builder, patterns, data, notes)
            if chosen_protocol.individual_points
            else None
        )

    if chosen_protocol is not None:
        notes[:0] = [*chosen_protocol.notes, *_population_notes(chosen_protocol, intake, duration)]
    if duration == "acute":
        notes.append(
            "Acute episode: needle the distal points first while the patient gently moves the painful area."
        )
    if not intake.pain_sites:
        notes.append(
            "No painful region is marked on the body map: no region points could be chosen."
        )

    limit = data.region_rules.limits.max_insertions
    points, dropped = _cap(builder, limit)
    if dropped:
        notes.append(f"Left out {', '.join(dropped)} to stay within {limit} insertions.")
    moxibustion = None
    if leading is not None:
        moxibustion = data.patterns.pattern(leading.pattern_id).moxibustion
    return _prescription(
        points=tuple(points),
        protocol=chosen_protocol.id if chosen_protocol else None,
        protocol_name=chosen_protocol.name if chosen_protocol else None,
        regimen=chosen_protocol.regimen if chosen_protocol else None,
        patterns_used=(leading.pattern_id,) if leading else (),
        moxibustion=moxibustion,
        notes=tuple(notes),
    )

"""Whether a point the practitioner adds lies at the painful site.

The engine marks its own points (local and adjacent points are "at the site"); a point typed in by
the practitioner is at the site when its atlas region is one of the regions marked on the body map.
The safety screen uses this to withhold points over infected or broken skin.
"""

from __future__ import annotations

from acuback.core.intake import Intake
from acuback.knowledge.models import Point

# Body-map regions of the intake -> the atlas regions they cover.
COVERS: dict[str, frozenset[str]] = {
    "neck": frozenset({"neck"}),
    "shoulder": frozenset({"shoulder"}),
    "upper_back": frozenset({"upper_back"}),
    "mid_back": frozenset({"upper_back", "lower_back"}),
    "lower_back": frozenset({"lower_back"}),
    "sacral": frozenset({"sacrum"}),
    "buttock": frozenset({"buttock"}),
    "hip": frozenset({"buttock", "thigh"}),
    "groin": frozenset({"abdomen", "thigh"}),
    "abdomen": frozenset({"abdomen"}),
    "chest": frozenset({"chest"}),
    "arm": frozenset({"upper_arm", "forearm"}),
    "hand": frozenset({"hand"}),
    "thigh": frozenset({"thigh"}),
    "knee": frozenset({"knee"}),
    "lower_leg": frozenset({"lower_leg"}),
    "foot": frozenset({"foot"}),
}


def at_painful_site(point: Point | None, intake: Intake) -> bool:
    """True when ``point`` lies in a region the patient marked as painful (Ashi points always do)."""
    if point is None:
        return True
    covered = set().union(*(COVERS.get(region.value, frozenset()) for region in intake.regions))
    return point.region.value in covered

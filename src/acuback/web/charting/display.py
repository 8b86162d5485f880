"""A note's values in words for the read-only page and for amendments (label, value)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Field
from django.utils.translation import gettext as _

from acuback.web.charting.models import AcupunctureStyle, PointSide, SessionNote, Stimulation
from acuback.web.charting.notes import NOTE_FIELDS


def label(name: str) -> str:
    if name == "points":
        return _("Points")
    field = cast("Field[Any, Any]", SessionNote._meta.get_field(name))
    return str(field.verbose_name).capitalize()


def value_text(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name == "style":
        return str(dict(AcupunctureStyle.choices).get(value, value))
    return str(value)


def point_text(row: dict[str, Any]) -> str:
    side = str(row.get("side") or "")
    parts = [str(row.get("code")), str(dict(PointSide.choices).get(side, side)).lower()]
    if row.get("depth_mm") not in (None, ""):
        parts.append(f"{row['depth_mm']} mm")
    stimulation = row.get("stimulation")
    if stimulation == Stimulation.ELECTRO:
        parts.append(
            _("electro %(hz)s Hz, %(intensity)s")
            % {"hz": row.get("frequency_hz"), "intensity": row.get("intensity")}
        )
    elif stimulation:
        parts.append(str(dict(Stimulation.choices).get(str(stimulation), stimulation)).lower())
    if row.get("deqi_obtained") is True:
        parts.append(_("de qi obtained"))
    elif row.get("deqi_obtained") is False:
        parts.append(_("no de qi"))
    return " ".join(p for p in parts[:2]) + (" · " + ", ".join(parts[2:]) if parts[2:] else "")


def rows_text(rows: list[dict[str, Any]]) -> str:
    return "; ".join(point_text(r) for r in rows) or "—"


def fields(values: dict[str, Any], changed: set[str] | None = None) -> list[tuple[str, str, bool]]:
    """(label, value, amended) for each session field."""
    return [(label(n), value_text(n, values.get(n)), n in (changed or set())) for n in NOTE_FIELDS]


def changes(amendment_changes: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, before, after) for each field an amendment changed."""
    found = []
    for name, change in amendment_changes.items():
        if name == "points":
            found += point_changes(change["from"], change["to"])
        else:
            found.append(
                (label(name), value_text(name, change["from"]), value_text(name, change["to"]))
            )
    return found


def point_changes(
    before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> list[tuple[str, str, str]]:
    """One row per point added, removed or changed, by code."""
    old = {str(r.get("code")): r for r in before}
    new = {str(r.get("code")): r for r in after}
    rows = []
    for code in [*old, *(c for c in new if c not in old)]:
        was, now = old.get(code), new.get(code)
        if was == now:
            continue
        rows.append(
            (
                _("Point %(code)s") % {"code": code},
                point_text(was) if was else _("(not needled)"),
                point_text(now) if now else _("(removed)"),
            )
        )
    return rows

"""Source ids of the knowledge base as short citations for people: "Deadman et al. 2007", "WHO 1999"."""

from __future__ import annotations

from functools import cache

from acuback.knowledge import load_atlas
from acuback.knowledge.engine_data import load_engine_data
from acuback.knowledge.loading import data_root, read_yaml
from acuback.knowledge.models import Source

ORGANISATIONS = {
    "World Health Organization": "WHO",
    "National Institute for Health and Care Excellence": "NICE",
}


@cache
def sources() -> dict[str, Source]:
    """Every source of the bundled data: the atlas's, the engine's and any other ``sources*.yaml``."""
    found: dict[str, Source] = {**load_atlas().sources, **load_engine_data().sources}
    for path in sorted(data_root().glob("sources*.yaml")):
        doc = read_yaml(path)
        for raw in doc.get("sources", []) if isinstance(doc, dict) else []:
            try:
                source = Source.model_validate(raw)
            except ValueError:
                continue
            found.setdefault(source.id, source)
    return found


def short_citation(source: Source) -> str:
    """First author (or the body's short name) and year."""
    if source.kind.value == "expert_opinion":
        return "Expert opinion"
    authors = source.citation.split(". ")[0]
    for name, abbreviation in ORGANISATIONS.items():
        if authors.startswith(name):
            authors = abbreviation
            break
    else:
        first = authors.split(",")[0].strip()
        surname = first.rsplit(" ", 1)[0] if " " in first and first.split()[-1].isupper() else first
        authors = surname[:40] + (" et al." if "," in source.citation.split(". ")[0] else "")
    return f"{authors} {source.year}" if source.year else authors


def cited(source_id: str) -> str:
    """The short citation of ``source_id``, or the id itself when the knowledge base lacks it."""
    source = sources().get(source_id)
    return short_citation(source) if source else source_id

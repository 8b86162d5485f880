"""A malformed data file is refused with a message naming the file, the point and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from acuback.knowledge import DataFileError, build_atlas


def _edit_points(data: Path, name: str, edit) -> None:  # type: ignore[no-untyped-def]
    path = data / "points" / name
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def _point(document: dict, code: str) -> dict:  # type: ignore[type-arg]
    return next(p for p in document["points"] if p["code"] == code)


def test_broken_yaml_names_the_file_and_line(data_copy: Path) -> None:
    (data_copy / "points" / "BL.yaml").write_text("points: [\n  - code: BL1\n", encoding="utf-8")

    with pytest.raises(DataFileError, match=r"BL\.yaml: is not valid YAML at line \d+"):
        build_atlas(data_copy)


def test_an_unknown_field_names_point_and_field(data_copy: Path) -> None:
    _edit_points(data_copy, "BL.yaml", lambda d: _point(d, "BL23").update(colour="red"))

    with pytest.raises(DataFileError) as caught:
        build_atlas(data_copy)

    assert str(caught.value) == "BL.yaml: item BL23: field 'colour': is not a known field"


def test_a_wrong_value_names_the_nested_field(data_copy: Path) -> None:
    _edit_points(
        data_copy, "GB.yaml", lambda d: _point(d, "GB21")["needling"].update(angle="sideways")
    )

    with pytest.raises(DataFileError, match=r"GB\.yaml: item GB21: field 'needling\.angle'"):
        build_atlas(data_copy)


def test_an_unknown_source_is_refused(data_copy: Path) -> None:
    _edit_points(data_copy, "LI.yaml", lambda d: _point(d, "LI4").update(location_source="hearsay"))

    with pytest.raises(DataFileError) as caught:
        build_atlas(data_copy)

    assert (
        str(caught.value)
        == "LI.yaml: item LI4: field 'location_source': cites unknown source 'hearsay'"
    )


def test_a_missing_point_is_named(data_copy: Path) -> None:
    _edit_points(data_copy, "KI.yaml", lambda d: d["points"].pop(2))

    with pytest.raises(
        DataFileError, match=r"KI\.yaml: item meridian KI: field 'points': .*missing KI3"
    ):
        build_atlas(data_copy)


def test_an_unknown_landmark_is_refused(data_copy: Path) -> None:
    _edit_points(
        data_copy, "ST.yaml", lambda d: _point(d, "ST36").update(position={"at": "elbow_of_knee"})
    )

    with pytest.raises(DataFileError, match="ST36: field 'position': refers to 'elbow_of_knee'"):
        build_atlas(data_copy)


def test_positions_that_loop_are_refused(data_copy: Path) -> None:
    def loop(document: dict) -> None:  # type: ignore[type-arg]
        _point(document, "SP6").update(position={"at": "SP7", "proximal": 1})
        _point(document, "SP7").update(position={"at": "SP6", "proximal": 1})

    _edit_points(data_copy, "SP.yaml", loop)

    with pytest.raises(DataFileError, match=r"places points in a loop: SP\d -> SP\d -> SP\d"):
        build_atlas(data_copy)


def test_a_point_defined_twice_is_refused(data_copy: Path) -> None:
    _edit_points(data_copy, "EX.yaml", lambda d: d["points"].append(dict(d["points"][0])))

    with pytest.raises(DataFileError, match=r"is already defined in EX\.yaml"):
        build_atlas(data_copy)


def test_a_missing_sources_file_is_reported(data_copy: Path) -> None:
    (data_copy / "sources.yaml").unlink()

    with pytest.raises(DataFileError, match=r"sources\.yaml: cannot be read"):
        build_atlas(data_copy)

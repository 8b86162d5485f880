"""Rasterise a chart: SVG text to PNG bytes, offline, with the fonts installed on the machine."""

from __future__ import annotations

import cairosvg


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """PNG bytes of ``svg``; ``scale`` 2 gives a sharp image for screens and letters."""
    data = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
    assert isinstance(data, bytes)
    return data

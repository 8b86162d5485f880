"""Colours, fonts and sizes of the charts."""

from __future__ import annotations

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"

SKIN = "#f5e9df"
OUTLINE = "#8e7766"
DETAIL_LINE = "#a38c7a"
DETAIL_SOFT = "#cfbcab"
HAIR = "#e6d8cb"
INK = "#1f1f1f"
MUTED = "#5f5f5f"
LEADER = "#7a7a7a"

OUTLINE_WIDTH = 1.3  # px on the chart, whatever the figure's scale
DETAIL_WIDTH = 0.9
MARKER_RADIUS = 4.6
LABEL_SIZE = 11.0
LABEL_HEIGHT = 12.0

# One colour per channel, grouped by phase: metal blues, earth ambers, fire reds, water indigos,
# wood greens; the two midline vessels and the extra points apart.
MERIDIAN_COLOURS = {
    "LU": "#3b7dbf",
    "LI": "#1b9aa8",
    "ST": "#e07b10",
    "SP": "#b59a00",
    "HT": "#d42a2a",
    "SI": "#d4559b",
    "BL": "#2c4fc4",
    "KI": "#4b2f8f",
    "PC": "#b0143c",
    "TE": "#a8553a",
    "GB": "#2f9e3f",
    "LR": "#11693a",
    "GV": "#7a4b2a",
    "CV": "#8d4fc0",
    "EX": "#4d4d4d",
}

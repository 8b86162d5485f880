"""The error a chart request can fail with."""

from __future__ import annotations

from acuback.knowledge.errors import KnowledgeError


class ChartError(KnowledgeError):
    """A chart cannot be drawn as asked: an unknown view, no points, or nothing that can be placed."""

    code = "chart_error"

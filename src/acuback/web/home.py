"""The first page a newcomer sees: what Acuback is and is not, and where to go next."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from acuback.charts import render_chart
from acuback.knowledge import load_atlas

HOME_CHART = ("BL23", "BL25", "GV4", "EX-B2", "BL40", "BL60")


def home(request: HttpRequest) -> HttpResponse:
    atlas = load_atlas()
    chart = render_chart(
        atlas, [atlas.point(code) for code in HOME_CHART], views=["back"], title="Low back pain"
    )
    return render(request, "acuback/home.html", {"chart": mark_safe(chart), "atlas": atlas})

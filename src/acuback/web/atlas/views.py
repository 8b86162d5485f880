"""The acupoint atlas in the browser: search as you type, and a card per point with its chart."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from acuback.charts import render_chart
from acuback.knowledge import UnknownPoint, load_atlas

MAX_RESULTS = 60


@require_GET
def point_list(request: HttpRequest) -> HttpResponse:
    atlas = load_atlas()
    query = request.GET.get("q", "").strip()[:60]
    meridian = request.GET.get("meridian", "").upper()[:3]
    if query:
        points = atlas.search(query)
    elif meridian:
        points = [p for p in atlas.points if p.meridian == meridian]
    else:
        points = list(atlas.points)
    context = {
        "atlas": atlas,
        "points": points[:MAX_RESULTS] if query else points,
        "total": len(points),
        "query": query,
        "meridian": meridian,
        "meridians": atlas.meridians,
    }
    template = "atlas/_results.html" if request.htmx else "atlas/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
def point_detail(request: HttpRequest, code: str) -> HttpResponse:
    atlas = load_atlas()
    try:
        point = atlas.point(code)
    except UnknownPoint as exc:
        raise Http404(str(exc)) from exc
    chart = render_chart(atlas, [point], title=f"{point.code} {point.pinyin}")
    context = {
        "atlas": atlas,
        "point": point,
        "codes": atlas.codes_of(point)[1:],
        "meridian": None if point.meridian == "EX" else atlas.meridian(point.meridian),
        "chart": mark_safe(chart),  # rendered by our own renderer from validated data
        "sources": atlas.sources,
    }
    return render(request, "atlas/detail.html", context)

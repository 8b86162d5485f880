"""How to prepare for a first session: open to anyone, so it can be sent before an account exists."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def prepare(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/prepare.html")

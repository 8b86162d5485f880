"""The page where a signed-in user makes and revokes their own API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from acuback.web.apitokens.forms import NewTokenForm
from acuback.web.apitokens.models import ApiToken
from acuback.web.apitokens.services import create_token, revoke_token
from acuback.web.audit.models import Action
from acuback.web.audit.services import record


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = NewTokenForm(request.POST or None)
    new_plain = None
    if request.method == "POST" and form.is_valid():
        new = create_token(user, form.cleaned_data["name"])
        record(request, Action.CREATE, new.token, summary=f"API token {new.token.prefix}…")
        new_plain = new.plain
        form = NewTokenForm()
    tokens = ApiToken.objects.filter(user=user)
    context = {"form": form, "tokens": tokens, "new_plain": new_plain}
    # The plain token is in this one response only: never cache it.
    response = render(request, "apitokens/tokens.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is not None and revoke_token(user, pk):
        record(request, Action.DELETE, token, summary=f"revoked API token {token.prefix}…")
        messages.success(
            request, _("The token is revoked. Programs using it are refused from now on.")
        )
    return redirect("apitokens:list")

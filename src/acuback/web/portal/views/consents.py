"""Consent to each acupuncture technique: read, sign with a typed name, withdraw at any time."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from acuback.knowledge import load_atlas
from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.portal import consent_texts
from acuback.web.portal.access import own_patient
from acuback.web.portal.forms import ConsentForm
from acuback.web.portal.models import Technique
from acuback.web.portal.services import (
    ConsentError,
    consent_statuses,
    give_consent,
    withdraw_consent,
)


def _sources() -> list[str]:
    sources = load_atlas().sources
    return [sources[sid].citation for sid in consent_texts.SOURCE_IDS if sid in sources]


@login_required
def consent_list(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request)
    withdrawn = patient.consents.exclude(withdrawn_at=None).order_by("-withdrawn_at")
    record(request, Action.VIEW, patient, patient=patient, summary="consents viewed")
    context = {"statuses": consent_statuses(patient), "withdrawn": withdrawn}
    return render(request, "portal/consents.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consent_detail(request: HttpRequest, technique: str) -> HttpResponse:
    if technique not in Technique.values:
        raise Http404("No such technique.")
    patient = own_patient(request)
    active = patient.consents.filter(technique=technique, withdrawn_at=None).first()
    form = ConsentForm(request.POST if request.method == "POST" else None, patient=patient)
    if request.method == "POST" and active is None and form.is_valid():
        try:
            give_consent(
                patient,
                technique,
                signed_name=form.cleaned_data["signed_name"],
                by=request.user,
                request=request,
            )
        except ConsentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you. Your consent is recorded."))
        return redirect("portal:consents")
    context = {
        "text": consent_texts.TEXTS[Technique(technique)],
        "general": consent_texts.GENERAL,
        "version": consent_texts.VERSION,
        "sources": _sources(),
        "active": active,
        "form": form,
    }
    return render(request, "portal/consent.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    patient = own_patient(request)
    consent = patient.consents.filter(pk=pk).first()
    if consent is None:
        raise Http404("No such consent.")
    if request.method == "POST":
        withdraw_consent(consent, by=request.user, request=request)
        messages.success(
            request, _("Your consent is withdrawn. Nothing of this kind will be done.")
        )
        return redirect("portal:consents")
    label = Technique(consent.technique).label
    return render(request, "portal/consent_withdraw.html", {"consent": consent, "label": label})

"""Staff invite a patient to the portal; the patient opens the link once to choose a name and password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from acuback.web.audit.models import Action
from acuback.web.audit.services import record
from acuback.web.patients.access import get_patient
from acuback.web.portal.forms import AccountForm, InvitationForm
from acuback.web.portal.services import (
    INVITATION_DAYS,
    InvitationRefused,
    accept_invitation,
    create_invitation,
    read_invitation,
)

# The link is shown once, on the page the staff member lands on after making it.
_NEW_LINK = "portal.new_invitation_link"
_REFUSED_STATUS = {
    "invalid": 404,
    "expired": 410,
    "used": 410,
    "has_account": 410,
    "signed_in": 409,
}


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = get_patient(request.user, patient_id, "patients.change_demographics", request)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if patient.user_id is not None:
            messages.error(request, _("This patient already has a portal account."))
            return redirect("portal:invite", patient_id=patient.pk)

        def link_for(token: str) -> str:
            return request.build_absolute_uri(reverse("portal:join", args=[token]))

        _invitation, token = create_invitation(
            patient,
            by=request.user,
            request=request,
            email=form.cleaned_data["send_email"],
            link_for=link_for,
        )
        request.session[_NEW_LINK] = {"patient": patient.pk, "link": link_for(token)}
        return redirect("portal:invite", patient_id=patient.pk)
    record(request, Action.VIEW, patient, patient=patient, summary="portal invitations viewed")
    new_link = request.session.pop(_NEW_LINK, None)
    if new_link is not None and new_link.get("patient") != patient.pk:
        new_link = None
    context = {
        "patient": patient,
        "form": form,
        "new_link": new_link["link"] if new_link else None,
        "invitations": patient.invitations.select_related("created_by", "used_by")[:20],
        "days": INVITATION_DAYS,
    }
    return render(request, "portal/invite.html", context)


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request, "portal/join_refused.html", {"reason": reason}, status=_REFUSED_STATUS[reason]
    )


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = read_invitation(token)
    except InvitationRefused as exc:
        return _refused(request, exc.reason)
    if request.user.is_authenticated:
        return _refused(request, "signed_in")
    patient = invitation.patient
    form = AccountForm(request.POST if request.method == "POST" else None, patient=patient)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                invitation,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except InvitationRefused as exc:
            return _refused(request, exc.reason)
        login(request, user, backend="acuback.web.accounts.backends.AccountBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("portal:home")
    context = {"form": form, "patient": patient, "clinic": patient.clinic}
    return render(request, "portal/join.html", context, status=422 if form.errors else 200)

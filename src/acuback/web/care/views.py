"""Ending an episode of care from the patient's chart."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acuback.web.care.forms import EndEpisodeForm
from acuback.web.care.models import Episode
from acuback.web.care.services import end_episode
from acuback.web.patients.access import get_patient
from acuback.web.workspace.decorators import staff_required


@require_POST
@staff_required  # get_patient refuses (and audits) a role that may not change clinical records
def end(request: HttpRequest, pk: int) -> HttpResponse:
    episode = Episode.objects.filter(pk=pk).select_related("patient").first()
    if episode is None:
        raise Http404("No such episode.")
    patient = get_patient(request.user, episode.patient_id, "patients.change_clinical", request)
    back = reverse("workspace:chart", args=[patient.pk]) + "#care"
    if episode.ended_on is not None:
        messages.error(request, _("This episode had already ended; nothing was changed."))
        return redirect(back)
    form = EndEpisodeForm(request.POST, episode=episode)
    if not form.is_valid():
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("The episode was not ended: %(why)s") % {"why": problems})
        return redirect(back)
    end_episode(episode, on=form.cleaned_data["ended_on"], by=request.user, request=request)
    messages.success(
        request,
        _("Episode ended on %(day)s. The next session note starts a new episode.")
        % {"day": form.cleaned_data["ended_on"].isoformat()},
    )
    return redirect(back)

"""A practitioner's saved point combinations: the list, and deleting one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from acuback.web.charting.models import SavedCombination
from acuback.web.charting.services import combinations_of
from acuback.web.workspace.decorators import staff_required
from acuback.web.workspace.requests import WorkspaceRequest


def _practitioner(request: WorkspaceRequest) -> None:
    if request.user.role != "practitioner":
        raise PermissionDenied(_("Saved combinations belong to practitioners."))


@require_GET
@staff_required
def combination_list(request: WorkspaceRequest) -> HttpResponse:
    _practitioner(request)
    return render(
        request, "charting/combinations.html", {"combinations": combinations_of(request.user)}
    )


@require_POST
@staff_required
def combination_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    _practitioner(request)
    # Another practitioner's combination, or none: the same answer, so nothing is learnt.
    found = SavedCombination.objects.filter(pk=pk, practitioner=request.user).first()
    if found is None:
        raise Http404("No such combination.")
    name = found.name
    found.delete()
    messages.success(
        request,
        _("Deleted “%(name)s”. Plans and notes that used it keep their points.") % {"name": name},
    )
    return redirect("charting:combinations")

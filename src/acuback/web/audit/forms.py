"""The audit viewer's filters: who, which patient, what, and when."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from acuback.web.accounts.models import User
from acuback.web.audit.models import Action


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Who"), queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )
    patient = forms.CharField(
        label=_("Patient"),
        required=False,
        max_length=100,
        help_text=_("Record number or part of the name."),
    )
    action = forms.ChoiceField(label=_("What"), required=False, choices=[("", _("Anything"))])
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, clinic_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only people of the viewer's own clinic can be chosen: no other clinic's names leak.
        actor = cast(forms.ModelChoiceField, self.fields["actor"])  # type: ignore[type-arg]
        actor.queryset = User.objects.filter(clinic_id=clinic_id).order_by(
            "last_name", "first_name", "username"
        )
        action = cast(forms.ChoiceField, self.fields["action"])
        action.choices = [("", _("Anything")), *Action.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

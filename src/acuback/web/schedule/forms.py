"""Forms for booking and moving appointments. The double-booking check itself is the service's."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from acuback.web.accounts.models import User
from acuback.web.patients.access import patients_for
from acuback.web.patients.models import Patient
from acuback.web.schedule.services import practitioners_of

DURATIONS = [
    (15, _("15 minutes")),
    (20, _("20 minutes")),
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
    (90, _("1 hour 30")),
]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"step": 300, **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class SlotFields(forms.Form):
    practitioner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Practitioner"), empty_label=None
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.TypedChoiceField(label=_("Duration"), choices=DURATIONS, coerce=int, initial=30)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        cast(
            "forms.ModelChoiceField[Any]", self.fields["practitioner"]
        ).queryset = practitioners_of(user.clinic_id)


class BookingForm(SlotFields):
    patient = forms.IntegerField(
        label=_("Patient"),
        widget=forms.HiddenInput,
        error_messages={"required": _("Search for the patient and choose one.")},
    )
    reason = forms.CharField(label=_("Reason (optional)"), max_length=200, required=False)

    field_order = ("patient", "practitioner", "starts_at", "minutes", "reason")

    def clean_patient(self) -> Patient:
        pk = self.cleaned_data["patient"]
        patient = patients_for(self.user).filter(pk=pk).first()
        if patient is None:
            raise forms.ValidationError(_("Choose a patient of this clinic."))
        return patient


class MoveForm(SlotFields):
    pass


class PatientSearchForm(forms.Form):
    q = forms.CharField(label=_("Find the patient by name"), max_length=100, required=False)

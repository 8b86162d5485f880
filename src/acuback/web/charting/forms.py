"""Forms of the plan editor and the session note. Point names are resolved and screened by services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from acuback.web.charting import services
from acuback.web.charting.models import (
    AdverseEvent,
    NoteSource,
    PlanOrigin,
    PointSide,
    SavedCombination,
    SessionNote,
    Stimulation,
)
from acuback.web.charting.notes import NOTE_FIELDS

if TYPE_CHECKING:
    NoteModelForm = forms.ModelForm[SessionNote]
    EventModelForm = forms.ModelForm[AdverseEvent]
else:
    NoteModelForm = EventModelForm = forms.ModelForm


def _choices(form: forms.Form, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


SIDE_CHOICES = [("", _("Usual side (both, or midline)")), *PointSide.choices]


class PlanStartForm(forms.Form):
    origin = forms.ChoiceField(
        label=_("Start from"), choices=PlanOrigin.choices, widget=forms.RadioSelect
    )
    protocol = forms.ChoiceField(label=_("Protocol"), required=False)
    combination: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Saved combination"), queryset=SavedCombination.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        protocol = cast(forms.ChoiceField, self.fields["protocol"])
        protocol.choices = [("", "—"), *((p.id, p.name) for p in services.protocols())]
        _choices(self, "combination").queryset = SavedCombination.objects.filter(practitioner=user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("origin") == PlanOrigin.PROTOCOL and not data.get("protocol"):
            self.add_error("protocol", _("Choose a protocol."))
        if data.get("origin") == PlanOrigin.COMBINATION and not data.get("combination"):
            self.add_error("combination", _("Choose one of your saved combinations."))
        return data


class AddPointForm(forms.Form):
    point = forms.CharField(
        label=_("Add a point"),
        max_length=60,
        help_text=_("Any spelling: BL23, UB23, Shenshu, 腎俞, Kidney Shu…"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "BL23, Shenshu, SP6…"}),
    )
    side = forms.ChoiceField(label=_("Side"), choices=SIDE_CHOICES, required=False)


class CombinationNameForm(forms.Form):
    name = forms.CharField(
        label=_("Save these points as"),
        max_length=80,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Acute lumbar, distal first")}),
    )


class ApplyCombinationForm(forms.Form):
    combination: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Add a saved combination"), queryset=SavedCombination.objects.none()
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "combination").queryset = SavedCombination.objects.filter(practitioner=user)


class NewNoteForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Start the note from"), choices=NoteSource.choices, widget=forms.RadioSelect
    )
    combination: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Saved combination"), queryset=SavedCombination.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, user: Any, available: tuple[str, ...] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "combination").queryset = SavedCombination.objects.filter(practitioner=user)
        if available:  # offer only the sources this patient has
            source = cast(forms.ChoiceField, self.fields["source"])
            source.choices = [
                (value, label) for value, label in NoteSource.choices if value in available
            ]


class NoteForm(NoteModelForm):
    class Meta:
        model = SessionNote
        fields = NOTE_FIELDS
        widgets: ClassVar[dict[str, Any]] = {
            "rationale": forms.Textarea(attrs={"rows": 2}),
            "presentation": forms.Textarea(attrs={"rows": 2}),
            "advice": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts: ClassVar[dict[str, Any]] = {
            "needles_inserted": _("Count every needle as it goes in."),
            "needles_removed": _("Must equal the needles inserted before the note can be signed."),
        }


class AmendmentForm(NoteForm):
    reason = forms.CharField(
        label=_("Why the note is corrected"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DeqiSelect(forms.NullBooleanSelect):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [
            ("unknown", _("Not recorded")),
            ("true", _("Obtained")),
            ("false", _("Not obtained")),
        ]


class NotePointForm(forms.Form):
    code = forms.CharField(label=_("Point"), max_length=60)
    side = forms.ChoiceField(label=_("Side"), choices=PointSide.choices)
    depth_mm = forms.DecimalField(
        label=_("Depth (mm)"),
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=150,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": "mm", "step": "0.5"}),
    )
    deqi_sought = forms.BooleanField(label=_("De qi sought"), required=False)
    deqi_obtained = forms.NullBooleanField(
        label=_("De qi obtained"), required=False, widget=DeqiSelect
    )
    stimulation = forms.ChoiceField(label=_("Stimulation"), choices=Stimulation.choices)
    frequency_hz = forms.DecimalField(
        label=_("Frequency (Hz)"),
        max_digits=5,
        decimal_places=1,
        min_value=0,
        max_value=1000,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": "Hz", "step": "0.1"}),
    )
    intensity = forms.CharField(
        label=_("Intensity"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("mA / feel")}),
    )

    def clean_code(self) -> str:
        try:
            code, _point = services.resolve_point(self.cleaned_data["code"])
        except services.ChartingError as exc:
            raise forms.ValidationError(exc.message) from exc
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("stimulation") == Stimulation.ELECTRO:
            if data.get("frequency_hz") is None:
                self.add_error(
                    "frequency_hz", _("Give the frequency of the electrical stimulation.")
                )
            if not data.get("intensity"):
                self.add_error("intensity", _("Give the intensity (e.g. 2 mA, or “to tolerance”)."))
        elif data.get("frequency_hz") is not None:
            self.add_error("frequency_hz", _("A frequency applies to electro-acupuncture only."))
        return data


PointFormSet = forms.formset_factory(NotePointForm, extra=0, can_delete=True)


class AdverseEventForm(EventModelForm):
    class Meta:
        model = AdverseEvent
        fields = ("kind", "severity", "description", "action_taken")


def point_initial(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored point rows as formset initial data (de qi obtained as the select's words)."""
    return [{**row, "deqi_obtained": row.get("deqi_obtained")} for row in rows]

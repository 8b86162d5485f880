"""Forms: the questionnaire (built from the instrument data), the practitioner's timepoint choice,
the dashboard filters and the licensed-wording editor. Answers are checked by the core; the form
only collects them and shows the core's messages next to the right field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acuback.core.outcomes import AnswerProblem
from acuback.knowledge.instruments import Instrument, Item, ItemKind, Licence
from acuback.web.outcomes.models import TimepointKind
from acuback.web.outcomes.services import ShownInstrument


def field_name(instrument_id: str, item_id: str) -> str:
    return f"{instrument_id}__{item_id}"


class ScaleRadio(forms.RadioSelect):
    """A row of numbered buttons (0-10 on a phone fits when styled as a segmented bar)."""

    template_name = "outcomes/widgets/scale.html"

    def __init__(self, *args: Any, anchors: Sequence[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anchors = tuple(anchors or ())

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["anchors"] = self.anchors
        return context


class LooseMultipleField(forms.Field):
    """Several ticked options, passed to the core unchecked (the core says what is wrong)."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        return [str(v) for v in (value if isinstance(value, list | tuple) else [value])]


def _item_field(item: Item, label: str, options: Mapping[str, str]) -> forms.Field:
    if item.kind is ItemKind.SCALE:
        assert item.min is not None
        assert item.max is not None
        choices = [(str(v), str(v)) for v in range(item.min, item.max + 1)]
        return forms.CharField(
            label=label, required=False, widget=ScaleRadio(choices=choices, anchors=item.anchors)
        )
    if item.kind is ItemKind.CHOICE:
        choices = [(str(o.value), options.get(str(o.value), o.label)) for o in item.options]
        return forms.CharField(
            label=label, required=False, widget=forms.RadioSelect(choices=choices)
        )
    if item.kind is ItemKind.CHECK:
        return forms.BooleanField(label=label, required=False)
    if item.kind is ItemKind.MULTI:
        choices = [(str(o.value), options.get(str(o.value), o.label)) for o in item.options]
        return LooseMultipleField(
            label=label, required=False, widget=forms.CheckboxSelectMultiple(choices=choices)
        )
    return forms.CharField(label=label, required=False, max_length=200)


class QuestionnaireForm(forms.Form):
    """Every item of every instrument shown, all optional: a partial answer is kept as a draft."""

    def __init__(
        self,
        shown: Sequence[ShownInstrument],
        *args: Any,
        answers: Mapping[str, Mapping[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.shown = list(shown)
        answers = answers or {}
        for entry in self.shown:
            saved = answers.get(entry.instrument.id, {})
            for item in entry.instrument.items:
                name = field_name(entry.instrument.id, item.id)
                self.fields[name] = _item_field(
                    item, entry.item_texts[item.id], entry.option_texts.get(item.id, {})
                )
                if item.id in saved:
                    value = saved[item.id]
                    self.initial[name] = value if isinstance(value, bool | list) else str(value)

    def sections(self) -> list[dict[str, Any]]:
        """Instruments with their bound fields, for the template."""
        return [
            {
                "shown": entry,
                "instrument": entry.instrument,
                "fields": [
                    self[field_name(entry.instrument.id, item.id)]
                    for item in entry.instrument.items
                ],
            }
            for entry in self.shown
        ]

    def raw_answers(self) -> dict[str, dict[str, object]]:
        """The answers by instrument and item, as typed (strings, booleans, lists)."""
        raw: dict[str, dict[str, object]] = {}
        for entry in self.shown:
            answers: dict[str, object] = {}
            for item in entry.instrument.items:
                value = self.cleaned_data.get(field_name(entry.instrument.id, item.id))
                if value not in (None, "", [], False):
                    answers[item.id] = value
            raw[entry.instrument.id] = answers
        return raw

    def add_problems(self, problems: Mapping[str, Iterable[AnswerProblem]]) -> None:
        for instrument_id, items in problems.items():
            for problem in items:
                name = field_name(instrument_id, problem.item)
                self.add_error(name if name in self.fields else None, problem.message)

    def instruments(self) -> list[Instrument]:
        return [entry.instrument for entry in self.shown]


class TimepointForm(forms.Form):
    """The practitioner picks the episode and timepoint before entering answers."""

    episode = forms.TypedChoiceField(label=_("Episode"), coerce=int)
    kind = forms.ChoiceField(label=_("Timepoint"), choices=TimepointKind.choices)
    week = forms.TypedChoiceField(
        label=_("Follow-up week"), coerce=int, required=False, empty_value=None
    )
    visit = forms.TypedChoiceField(label=_("Visit"), coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        *args: Any,
        episodes: Sequence[Any],
        weeks: Sequence[int],
        visits: Sequence[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["episode"].choices = [  # type: ignore[attr-defined]
            (e.pk, f"{e.started_on:%d %b %Y} {e.complaint or ''}".strip()) for e in episodes
        ]
        self.fields["week"].choices = [("", "—")] + [(w, _("Week %(w)s") % {"w": w}) for w in weeks]  # type: ignore[attr-defined]
        self.fields["visit"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (v.pk, _("Visit %(n)s, %(day)s") % {"n": v.number, "day": f"{v.happened_at:%d %b %Y}"})
            for v in visits
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == TimepointKind.FOLLOW_UP and not data.get("week"):
            self.add_error("week", _("Choose the follow-up week."))
        if data.get("kind") == TimepointKind.PRE_VISIT and not data.get("visit"):
            self.add_error("visit", _("Choose the visit these answers were given before."))
        return data


class DashboardFilterForm(forms.Form):
    rule = forms.ChoiceField(label=_("Responder rule"))
    week = forms.TypedChoiceField(label=_("Follow-up week"), coerce=int)
    practitioner = forms.TypedChoiceField(
        label=_("Practitioner"), coerce=int, required=False, empty_value=None
    )
    started_from = forms.DateField(
        label=_("Episodes started from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    started_to = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        rules: Sequence[tuple[str, str]],
        weeks: Sequence[int],
        practitioners: Sequence[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = list(rules)  # type: ignore[attr-defined]
        self.fields["week"].choices = [(w, _("Week %(w)s") % {"w": w}) for w in weeks]  # type: ignore[attr-defined]
        self.fields["practitioner"].choices = [("", _("All practitioners")), *practitioners]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("started_from"), data.get("started_to")
        if start and end and start > end:
            self.add_error("started_to", _("The end date is before the start date."))
        return data


class LicensedTextForm(forms.Form):
    """One box per item (and per option) of a structure-only instrument, for the clinic's wording."""

    licence_reference = forms.CharField(
        label=_("Licence or permission reference"),
        max_length=200,
        help_text=_(
            "For example the licence number or the date and sender of the permission. Required: Acuback ships no wording of this questionnaire, and your clinic confirms it may use what it pastes."
        ),
    )
    instructions = forms.CharField(
        label=_("Instructions shown above the questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        instrument: Instrument,
        *args: Any,
        texts: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if instrument.licence is not Licence.STRUCTURE_ONLY:
            raise ValueError(f"{instrument.id} ships its own wording")
        self.instrument = instrument
        texts = texts or {}
        items = texts.get("items", {})
        self.initial.setdefault("instructions", texts.get("instructions", ""))
        self.item_rows: list[tuple[Item, str, list[str]]] = []
        for item in instrument.items:
            name = f"item__{item.id}"
            self.fields[name] = forms.CharField(
                label=item.label, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
            )
            self.initial.setdefault(name, items.get(item.id, {}).get("text", ""))
            option_names = []
            for option in item.options:
                option_name = f"option__{item.id}__{option.value}"
                self.fields[option_name] = forms.CharField(
                    label=_("Answer %(label)s") % {"label": option.label}, max_length=500
                )
                self.initial.setdefault(
                    option_name,
                    items.get(item.id, {}).get("options", {}).get(str(option.value), ""),
                )
                option_names.append(option_name)
            self.item_rows.append((item, name, option_names))

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"item": item, "field": self[name], "options": [self[o] for o in options]}
            for item, name, options in self.item_rows
        ]

    def texts(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "instructions": data.get("instructions", ""),
            "items": {
                item.id: {
                    "text": data[name],
                    "options": {
                        str(o.value): data[f"option__{item.id}__{o.value}"] for o in item.options
                    },
                }
                for item, name, _options in self.item_rows
            },
        }

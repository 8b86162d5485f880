"""Ending an episode of care (discharge)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acuback.web.care.models import Episode


class EndEpisodeForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Last day of the episode"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.episode = episode

    def clean_ended_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["ended_on"]
        if day < self.episode.started_on:
            raise forms.ValidationError(
                _("The episode started on %(start)s; it cannot end before that."),
                params={"start": self.episode.started_on.isoformat()},
            )
        if day > timezone.localdate():
            raise forms.ValidationError(_("An episode cannot end on a day still to come."))
        last = self.episode.visits.order_by("-happened_at").first()
        if last is not None and day < timezone.localtime(last.happened_at).date():
            raise forms.ValidationError(
                _("Its last visit was on %(day)s; the episode cannot end before it."),
                params={"day": timezone.localtime(last.happened_at).date().isoformat()},
            )
        return day

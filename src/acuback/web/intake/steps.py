"""The questionnaire's steps in order: what each asks, with which form, and which intake fields it owns."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from acuback.web.intake import forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    intro: str | Promise
    form_class: type[forms.StepForm]
    layout: str = "questions"  # how the portal lays the step out (a template name)

    @property
    def owns(self) -> tuple[str, ...]:
        return self.form_class.owns


STEPS: tuple[Step, ...] = (
    Step(
        "about",
        _("About you"),
        _(
            "A few details that change how acupuncture is used. Your clinic already has your date of "
            "birth; please check your age."
        ),
        forms.AboutForm,
    ),
    Step(
        "where",
        _("Where it hurts"),
        _(
            "Tap every place that hurts on the figures, or tick them in the list below the figures. "
            "Left and right are your own left and right."
        ),
        forms.WhereForm,
        "where",
    ),
    Step(
        "spreading",
        _("Pain that spreads"),
        _(
            "Does pain, numbness or tingling spread from your back or neck into a leg or an arm? "
            "Mark where it goes. If it does not spread, leave this empty and go on."
        ),
        forms.SpreadingForm,
        "spreading",
    ),
    Step(
        "intensity",
        _("How much it hurts"),
        _("Choose a number from 0 (no pain) to 10 (the worst pain you can imagine)."),
        forms.IntensityForm,
        "intensity",
    ),
    Step(
        "onset",
        _("When and how it started"),
        _("About this bout of pain: the one you are coming to the clinic for."),
        forms.OnsetForm,
    ),
    Step(
        "factors",
        _("What it feels like, what helps and what makes it worse"),
        _("Tick everything that applies. It is fine to leave a list empty."),
        forms.FactorsForm,
    ),
    Step(
        "treatments",
        _("Earlier pain, treatments and medicines"),
        _("What you have tried so far, and the medicines you take for anything at all."),
        forms.TreatmentsForm,
    ),
    Step(
        "health",
        _("Your health"),
        _(
            "Some conditions change how needles are used safely. If you are unsure, choose Not sure: "
            "your practitioner will ask you."
        ),
        forms.HealthForm,
    ),
    Step(
        "safety",
        _("Important questions"),
        _(
            "These questions help us spot the rare times when back pain needs a doctor first. Most "
            "people answer No to all of them. Please answer each one; Not sure is a fine answer."
        ),
        forms.RedFlagsForm,
    ),
    Step(
        "general",
        _("How you are in general"),
        _(
            "Acupuncture looks at the whole person. These questions are about sleep, energy, digestion "
            "and mood. Answer the ones you can."
        ),
        forms.GeneralForm,
    ),
)

STEP_BY_SLUG = {step.slug: step for step in STEPS}
_STEP_BY_KEY = {key: step for step in STEPS for key in step.owns}


def step_for_field(path: str) -> Step:
    """The step that asks an intake field (a dotted path); the first step for anything else."""
    return _STEP_BY_KEY.get(path.split(".")[0], STEPS[0])


def next_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def previous_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None

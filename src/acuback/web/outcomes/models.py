"""Patient-reported outcomes: questionnaires asked at a timepoint of an episode, the answers to each
instrument, the scores computed from them, and each episode's responder status at each follow-up.

Scores and responder results are computed by the core (acuback.core.outcomes*) when answers are
saved and stored in plain columns, so that clinic reports aggregate them in SQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimepointKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    PRE_VISIT = "pre_visit", _("Before a visit")
    FOLLOW_UP = "follow_up", _("Follow-up")


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETE = "complete", _("Complete")


class EnteredVia(models.TextChoices):
    LINK = "link", _("One-time link")
    PORTAL = "portal", _("Patient portal")
    PRACTITIONER = "practitioner", _("Entered by the practitioner")


class OutcomeRequest(models.Model):
    """One questionnaire a patient is asked to fill in: a timepoint of an episode.

    The patient answers through a one-time link (only the SHA-256 of the token is stored), in the
    portal, or the practitioner enters the answers at the visit. ``used_at`` is set once every
    instrument is complete; the link is refused after that.
    """

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="outcome_requests"
    )
    episode = models.ForeignKey(
        "care.Episode", on_delete=models.PROTECT, related_name="outcome_requests"
    )
    kind = models.CharField(_("timepoint"), max_length=10, choices=TimepointKind.choices)
    week = models.PositiveSmallIntegerField(_("week"), null=True, blank=True)
    visit = models.ForeignKey(
        "care.Visit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcome_requests",
    )
    # A pre-visit questionnaire sent before a booked appointment (the visit does not exist yet).
    appointment = models.ForeignKey(
        "schedule.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcome_requests",
    )
    due_on = models.DateField(_("due on"))
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("due_on", "id")
        constraints = (
            # The scheduled job may run twice (or twice at once): the database keeps one request per
            # follow-up week and one baseline per episode.
            models.UniqueConstraint(
                fields=["episode", "week"],
                condition=Q(kind="follow_up"),
                name="one_follow_up_per_week",
            ),
            models.UniqueConstraint(
                fields=["episode"], condition=Q(kind="baseline"), name="one_baseline"
            ),
            models.UniqueConstraint(
                fields=["visit"], condition=Q(kind="pre_visit"), name="one_pre_visit"
            ),
            models.UniqueConstraint(
                fields=["appointment"],
                condition=Q(kind="pre_visit"),
                name="one_pre_visit_per_appointment",
            ),
            models.CheckConstraint(
                condition=Q(kind="follow_up", week__isnull=False) | ~Q(kind="follow_up"),
                name="follow_up_has_week",
            ),
        )
        indexes = (
            models.Index(fields=["patient", "due_on"]),
            models.Index(fields=["kind", "sent_at"]),
        )

    def __str__(self) -> str:
        return f"{self.timepoint_label} for {self.patient_id}"

    @property
    def timepoint_label(self) -> str:
        if self.kind == TimepointKind.FOLLOW_UP:
            return str(_("Week %(week)s follow-up") % {"week": self.week})
        if self.kind == TimepointKind.PRE_VISIT and self.visit_id:
            return str(_("Before visit %(n)s") % {"n": getattr(self.visit, "number", "")})
        if self.kind == TimepointKind.PRE_VISIT:
            return str(_("Before your visit on %(day)s") % {"day": f"{self.due_on:%d %b %Y}"})
        return str(self.get_kind_display())


class QuestionnaireResponse(models.Model):
    """The answers to one instrument at one timepoint. ``answers`` are the clean answers by item id."""

    request = models.ForeignKey(OutcomeRequest, on_delete=models.PROTECT, related_name="responses")
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    episode = models.ForeignKey(
        "care.Episode", on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    instrument = models.CharField(_("instrument"), max_length=40)
    kind = models.CharField(max_length=10, choices=TimepointKind.choices)
    week = models.PositiveSmallIntegerField(null=True, blank=True)
    answers = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    collected_on = models.DateField()
    via = models.CharField(max_length=15, choices=EnteredVia.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    knowledge_version = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("collected_on", "id")
        constraints = (
            models.UniqueConstraint(
                fields=["request", "instrument"], name="one_response_per_instrument"
            ),
        )
        indexes = (models.Index(fields=["patient", "collected_on"]),)


class OutcomeScore(models.Model):
    """One measure's score from a complete response, with the timepoint copied for aggregation."""

    response = models.ForeignKey(
        QuestionnaireResponse, on_delete=models.CASCADE, related_name="scores"
    )
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "care.Episode", on_delete=models.PROTECT, related_name="outcome_scores"
    )
    measure = models.CharField(max_length=40)
    value = models.FloatField()
    kind = models.CharField(max_length=10, choices=TimepointKind.choices)
    week = models.PositiveSmallIntegerField(null=True, blank=True)
    collected_on = models.DateField()

    class Meta:
        ordering = ("collected_on", "id")
        constraints = (
            models.UniqueConstraint(fields=["response", "measure"], name="one_score_per_measure"),
        )
        indexes = (
            models.Index(fields=["episode", "measure", "kind"]),
            models.Index(fields=["clinic", "measure", "kind", "week"]),
            models.Index(fields=["patient", "measure", "collected_on"]),
        )


class EpisodeOutcome(models.Model):
    """A responder rule applied by the core to one episode at one follow-up week.

    ``baseline``/``follow_up``/``improvement`` are those of the rule's first measure. ``responder`` is
    None when the rule could not be judged (a value missing). ``rules_version`` is the knowledge
    fingerprint of the thresholds used; `acuback outcomes recompute` refreshes stale rows.

    The episode's grouping fields are copied here (and kept in step by a post_save receiver on
    Episode, see signals.py) so that the clinic dashboard counts from this one table, without a
    join over a hundred thousand episodes.
    """

    episode = models.ForeignKey(
        "care.Episode", on_delete=models.CASCADE, related_name="outcome_results"
    )
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_on = models.DateField()
    duration_class = models.CharField(max_length=20, blank=True)
    region = models.CharField(max_length=20, blank=True)
    pattern = models.CharField(max_length=40, blank=True)
    protocol = models.CharField(max_length=60, blank=True)
    rule = models.CharField(max_length=40)
    week = models.PositiveSmallIntegerField()
    baseline = models.FloatField(null=True)
    follow_up = models.FloatField(null=True)
    improvement = models.FloatField(null=True)
    responder = models.BooleanField(null=True)
    rules_version = models.CharField(max_length=20)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["episode", "rule", "week"], name="one_result_per_rule_week"
            ),
        )
        indexes = (
            models.Index(fields=["clinic", "rule", "week", "started_on"]),
            models.Index(fields=["rules_version"]),
        )


class LicensedText(models.Model):
    """A clinic's licensed wording of a structure-only instrument (RMDQ, ODI, PEG, PROMIS).

    ``texts``: {"instructions": str, "items": {item_id: {"text": str, "options": {value: str}}}}.
    Acuback ships no such wording; the clinic confirms it is entitled to use what it pastes.
    """

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=40)
    texts = models.JSONField(default=dict)
    licence_reference = models.CharField(_("licence or permission reference"), max_length=200)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["clinic", "instrument"], name="one_text_per_instrument"
            ),
        )

"""Treatment plans, session notes in the STRICTA 2010 structure, their amendments, and the point
combinations each practitioner saves for reuse.

A signed note never changes: the model refuses to save or delete it (and its points), and database
triggers refuse it too (migration 0002). A correction is an :class:`Amendment` that records who, when,
why and what changed, beside the untouched original.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignedNoteError(Exception):
    """A signed note, and the points of a signed note, are never changed or deleted."""


class PointSide(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")
    BOTH = "both", _("Both sides")
    MIDLINE = "midline", _("Midline")


INSERTIONS = {PointSide.BOTH: 2}


class PlanOrigin(models.TextChoices):
    PROPOSED = "proposed", _("The assessment's proposed prescription")
    PROTOCOL = "protocol", _("A named protocol")
    COMBINATION = "combination", _("A saved combination")
    BLANK = "blank", _("An empty plan")


class PlanPointRole(models.TextChoices):
    LOCAL = "local", _("Local")
    ADJACENT = "adjacent", _("Adjacent")
    DISTAL = "distal", _("Distal")
    PATTERN = "pattern", _("Pattern")
    PROTOCOL = "protocol", _("Protocol")
    ADDED = "added", _("Added by the practitioner")


class TreatmentPlan(models.Model):
    """The points a practitioner intends to use for a patient, screened for safety at every change."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="plans")
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        "intake.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    origin = models.CharField(_("started from"), max_length=20, choices=PlanOrigin.choices)
    protocol = models.CharField(_("protocol"), max_length=60, blank=True)
    protocol_name = models.CharField(max_length=200, blank=True)
    regimen = models.CharField(_("regimen"), max_length=300, blank=True)
    notes = models.JSONField(default=list, blank=True)  # the engine's notes on the prescription
    is_active = models.BooleanField(default=True)
    # The last safety screen of the plan's points (the core's SafetyReport as JSON) and its knowledge.
    safety = models.JSONField(default=dict, blank=True)
    knowledge_version = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = (models.Index(fields=["patient", "is_active", "-created_at"]),)


class PlanPoint(models.Model):
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="points")
    code = models.CharField(_("point"), max_length=12)
    side = models.CharField(_("side"), max_length=10, choices=PointSide.choices)
    role = models.CharField(_("role"), max_length=10, choices=PlanPointRole.choices)
    rationale = models.CharField(_("rationale"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=60, blank=True)
    at_site = models.BooleanField(default=False)  # at the painful site: withheld over broken skin
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "pk")
        constraints = (models.UniqueConstraint(fields=["plan", "code"], name="plan_point_once"),)


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class NoteSource(models.TextChoices):
    PLAN = "plan", _("The treatment plan")
    LAST_NOTE = "last_note", _("The last session note")
    COMBINATION = "combination", _("A saved combination")
    BLANK = "blank", _("Nothing: an empty note")


class AcupunctureStyle(models.TextChoices):
    TCM = "tcm", _("Traditional Chinese medicine")
    WESTERN = "western", _("Western medical acupuncture")
    JAPANESE = "japanese", _("Japanese")
    FIVE_ELEMENT = "five_element", _("Five element")
    OTHER = "other", _("Other")


class SessionNote(models.Model):
    """One treatment session, recorded after STRICTA 2010 (MacPherson et al., items 1–4)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="session_notes"
    )
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    visit = models.OneToOneField("care.Visit", on_delete=models.PROTECT, related_name="note")
    plan = models.ForeignKey(
        TreatmentPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_from = models.CharField(max_length=20, choices=NoteSource.choices)
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # STRICTA 1: rationale.
    style = models.CharField(
        _("style of acupuncture"),
        max_length=20,
        choices=AcupunctureStyle.choices,
        default=AcupunctureStyle.TCM,
    )
    rationale = models.TextField(_("reasoning for this treatment"), blank=True)
    # What the patient reports today (progress since the last session).
    presentation = models.TextField(_("patient's report today"), blank=True)
    # STRICTA 2: needling details that apply to the whole session.
    needle_maker = models.CharField(_("needle maker"), max_length=100, blank=True)
    needle_material = models.CharField(_("needle material"), max_length=100, blank=True)
    needle_diameter_mm = models.DecimalField(
        _("needle diameter (mm)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    needle_length_mm = models.DecimalField(
        _("needle length (mm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    retention_minutes = models.PositiveSmallIntegerField(
        _("retention time (minutes)"), null=True, blank=True
    )
    needles_inserted = models.PositiveSmallIntegerField(
        _("needles inserted"), null=True, blank=True
    )
    needles_removed = models.PositiveSmallIntegerField(_("needles removed"), null=True, blank=True)
    # STRICTA 4: other components.
    moxibustion = models.BooleanField(_("moxibustion"), default=False)
    cupping = models.BooleanField(_("cupping"), default=False)
    heat = models.BooleanField(_("heat lamp or heat pack"), default=False)
    other_interventions = models.CharField(_("other co-interventions"), max_length=300, blank=True)
    advice = models.TextField(_("advice and what the patient was told"), blank=True)
    # The safety screen of the note's points when last saved (the core's SafetyReport as JSON).
    safety = models.JSONField(default=dict, blank=True)
    knowledge_version = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = (models.Index(fields=["patient", "-created_at"]),)

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED

    def save(self, *args: Any, **kwargs: Any) -> None:
        if (
            self.pk is not None
            and SessionNote.objects.filter(pk=self.pk, status=NoteStatus.SIGNED).exists()
        ):
            raise SignedNoteError("a signed note cannot be changed; add an amendment")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if SessionNote.objects.filter(pk=self.pk, status=NoteStatus.SIGNED).exists():
            raise SignedNoteError("a signed note cannot be deleted")
        return super().delete(*args, **kwargs)


class Stimulation(models.TextChoices):
    MANUAL = "manual", _("Manual")
    ELECTRO = "electro", _("Electro-acupuncture")
    NONE = "none", _("None (retained only)")


class NotePoint(models.Model):
    """One needled point (STRICTA 2b–2e)."""

    note = models.ForeignKey(SessionNote, on_delete=models.PROTECT, related_name="points")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("point"), max_length=12)
    side = models.CharField(_("side"), max_length=10, choices=PointSide.choices)
    depth_mm = models.DecimalField(
        _("depth (mm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    deqi_sought = models.BooleanField(_("de qi sought"), default=True)
    deqi_obtained = models.BooleanField(_("de qi obtained"), null=True, blank=True)
    stimulation = models.CharField(
        _("stimulation"), max_length=10, choices=Stimulation.choices, default=Stimulation.MANUAL
    )
    frequency_hz = models.DecimalField(
        _("frequency (Hz)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    intensity = models.CharField(_("intensity"), max_length=60, blank=True)

    class Meta:
        ordering = ("position", "pk")

    def _note_signed(self) -> bool:
        return SessionNote.objects.filter(pk=self.note_id, status=NoteStatus.SIGNED).exists()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._note_signed():
            raise SignedNoteError("the points of a signed note cannot be changed; add an amendment")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._note_signed():
            raise SignedNoteError("the points of a signed note cannot be deleted")
        return super().delete(*args, **kwargs)


class AdverseEventKind(models.TextChoices):
    BLEEDING = "bleeding", _("Bleeding or bruising")
    PAIN = "pain", _("Pain at a needle site")
    FAINTING = "fainting", _("Fainting or feeling faint")
    DROWSINESS = "drowsiness", _("Drowsiness or tiredness")
    NAUSEA = "nausea", _("Nausea")
    WORSE = "worse", _("Symptoms worse")
    BURN = "burn", _("Burn (moxibustion or heat)")
    INFECTION = "infection", _("Infection")
    PNEUMOTHORAX = "pneumothorax", _("Pneumothorax (suspected)")
    NEEDLE = "needle", _("Stuck, bent, broken or forgotten needle")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


class AdverseEvent(models.Model):
    """An adverse event of a session. Always recordable, before or after the note is signed."""

    note = models.ForeignKey(SessionNote, on_delete=models.PROTECT, related_name="adverse_events")
    kind = models.CharField(_("type"), max_length=20, choices=AdverseEventKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.CharField(_("what happened"), max_length=500, blank=True)
    action_taken = models.CharField(_("action taken"), max_length=500)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("recorded_at", "pk")


class Amendment(models.Model):
    """A correction of a signed note: the original stays as it was signed; this says what changed.

    ``changes`` maps a field name to ``{"from": old, "to": new}``; the key ``points`` holds the point
    rows before and after (lists of dicts) when they changed.
    """

    note = models.ForeignKey(SessionNote, on_delete=models.PROTECT, related_name="amendments")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why the note is corrected"))
    changes = models.JSONField()

    class Meta:
        ordering = ("created_at", "pk")


class SavedCombination(models.Model):
    """A practitioner's named set of points (with sides), to apply to a plan or a note."""

    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="point_combinations"
    )
    name = models.CharField(_("name"), max_length=80)
    points = models.JSONField()  # [{"code": "BL23", "side": "both"}, ...]
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
        constraints = (
            models.UniqueConstraint(fields=["practitioner", "name"], name="combination_name_once"),
        )

    @property
    def codes(self) -> list[str]:
        return [str(p["code"]) for p in self.points]

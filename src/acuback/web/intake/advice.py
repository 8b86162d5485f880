"""What a patient is told after submitting: the triage result of the stored assessment, in plain words.

The level and the red flags come from the core's assessment; this module only words them kindly for a
patient. It never says that nothing is wrong: without a flag it says the practitioner will review the
answers. ``FLAG_WORDS`` covers every red-flag rule of the knowledge base (a test checks it); an unknown
code falls back to the words for its level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from acuback.web.intake.questions import TOLD_US

Words = str | Promise

FLAG_WORDS: dict[str, Words] = {
    "cauda_equina": _(
        "Numbness around the bottom or genitals, or new bladder, bowel or sexual problems, can mean "
        "the nerves at the base of the spine are being pressed. This must be checked in hospital "
        "straight away."
    ),
    "progressive_neuro_deficit": _(
        "Weakness or numbness that is getting worse or spreading can mean a nerve is being pressed "
        "hard. A doctor needs to check this today."
    ),
    "epidural_abscess": _(
        "A fever together with numbness or weakness can be a sign of an infection near the spine. "
        "This needs a doctor straight away."
    ),
    "spinal_infection": _(
        "A fever with back pain, in someone more prone to infection, can be a sign of an infection "
        "in the spine. This needs a doctor today."
    ),
    "fever_with_back_pain": _(
        "A fever with back pain can come from an infection, for example of the kidneys, that a doctor "
        "should check soon."
    ),
    "cord_compression_cancer": _(
        "After cancer, new numbness or weakness with back pain must be checked straight away, in case "
        "something is pressing on the spinal cord."
    ),
    "malignancy_history": _(
        "After cancer, new back pain should be checked by a doctor before acupuncture starts."
    ),
    "malignancy_features": _(
        "Some of your answers, taken together, are ones a doctor should look into before acupuncture "
        "starts."
    ),
    "unexplained_weight_loss": _(
        "Losing weight without trying is worth mentioning to your doctor at a routine visit."
    ),
    "fracture_major_trauma": _(
        "Back pain after a serious accident needs a hospital check for a broken bone before any "
        "treatment."
    ),
    "fracture_fragility": _(
        "With thin bones or long-term steroid tablets, new pain after a fall or a lift can be a small "
        "break in a bone of the spine. It needs checking today."
    ),
    "aaa": _(
        "Sudden back or tummy pain with faintness can come from the main blood vessel in the tummy. "
        "This is an emergency."
    ),
    "known_aaa": _(
        "With a known aortic aneurysm, new back pain should be checked by a doctor soon."
    ),
    "cardiac_acute": _(
        "Chest pain or breathlessness with sweating or faintness can come from the heart. This is an "
        "emergency."
    ),
    "cardiac_exertional": _(
        "Pain that comes on with effort and settles with rest can come from the heart. A doctor must "
        "check this today."
    ),
    "cardiac_possible": _(
        "Some of your answers could point to the heart rather than the back; a doctor should check "
        "this soon."
    ),
    "renal_colic": _(
        "Pain that comes in waves from your side to your groin can come from a kidney stone or a "
        "kidney infection. A doctor needs to see you today."
    ),
    "haematuria": _("Blood in the urine should be checked by a doctor soon."),
    "pancreatitis": _(
        "Severe pain at the top of the tummy going through to the back, with vomiting, needs a "
        "hospital assessment now."
    ),
    "epigastric_pain": _(
        "Pain at the top of your tummy going through to your back should be checked by a doctor soon."
    ),
    "obstetric": _(
        "In pregnancy, bleeding or regular tightenings need your maternity unit straight away."
    ),
    "paediatric": _(
        "In a young person, back pain with these features should be seen by a doctor soon."
    ),
    "under_16": _("For young people, a doctor's check of back pain is recommended."),
    "axspa_referral": _(
        "Some of your answers fit an inflammatory back condition that a doctor can test for. Please "
        "ask your doctor for a check."
    ),
    "axspa_possible": _(
        "Some of your answers could fit an inflammatory back condition. Your practitioner may suggest "
        "a routine check with your doctor."
    ),
    "motor_deficit": _("Weakness in a leg or an arm is worth a check by your doctor."),
}

LEVEL_WORDS: dict[str, Words] = {
    "emergency": _("Some of your answers can be signs of a problem that needs a doctor now."),
    "urgent": _("Some of your answers should be checked by a doctor soon, before acupuncture."),
    "routine_review": _("Your practitioner may suggest a routine check with your doctor."),
}


@dataclass(frozen=True)
class Advice:
    """What the result page says: the level, the concerns in plain words, what the patient told us."""

    level: str
    concerns: list[Words] = field(default_factory=list)
    told_us: list[Words] = field(default_factory=list)
    maternity: bool = False

    @property
    def emergency(self) -> bool:
        return self.level == "emergency"

    @property
    def urgent(self) -> bool:
        return self.level == "urgent"


def advice_for(result: dict[str, Any]) -> Advice:
    """Plain advice from a stored assessment result (the core's ``Assessment`` as JSON)."""
    triage = result.get("triage") or {}
    level = str(triage.get("level") or "none")
    flags = [flag for flag in triage.get("flags") or [] if isinstance(flag, dict)]
    concerns: list[Words] = []
    told_us: list[Words] = []
    for flag in flags:
        words = FLAG_WORDS.get(str(flag.get("code")), LEVEL_WORDS.get(str(flag.get("level")), ""))
        if words and words not in concerns:
            concerns.append(words)
        for answer in flag.get("answers") or ():
            phrase = TOLD_US.get(str(answer))
            if phrase is not None and phrase not in told_us:
                told_us.append(phrase)
    maternity = any(flag.get("code") == "obstetric" for flag in flags)
    return Advice(level=level, concerns=concerns, told_us=told_us, maternity=maternity)

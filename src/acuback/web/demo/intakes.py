"""Synthetic intakes with a realistic mix: mostly low-back pain without red flags, some sciatica, neck
and upper-back pain, a few urgent and emergency presentations. Answers only; the core assesses them.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from acuback.core.intake import RedFlags

# (weight, pain sites) — low back dominates back-pain practice.
SITE_MIXES: list[tuple[int, list[tuple[str, str]]]] = [
    (46, [("lower_back", "central")]),
    (12, [("lower_back", "left"), ("buttock", "left")]),
    (12, [("lower_back", "right"), ("buttock", "right")]),
    (6, [("lower_back", "both"), ("sacral", "central")]),
    (8, [("neck", "central"), ("shoulder", "both")]),
    (5, [("neck", "left")]),
    (6, [("mid_back", "central"), ("upper_back", "central")]),
    (5, [("lower_back", "central"), ("hip", "right")]),
]
SCIATICA_AREAS = [
    ["buttock", "thigh_back", "calf"],
    ["buttock", "thigh_back", "calf", "foot_outer"],
    ["thigh_side", "shin", "foot_top"],
    ["buttock", "thigh_back"],
]
ARM_AREAS = [["shoulder", "upper_arm"], ["shoulder", "upper_arm", "forearm", "thumb_index"]]
ONSET_HOW = ["lifting", "gradual", "gradual", "posture", "sport", "unknown", "fall", "other"]
FACTORS_WORSE = [
    "sitting",
    "bending",
    "standing",
    "cold",
    "damp",
    "morning",
    "fatigue",
    "stress",
    "walking",
]
FACTORS_BETTER = [
    "movement",
    "rest",
    "heat",
    "warmth",
    "massage",
    "lying_down",
    "pressure",
    "exercise",
]
# Weeks since onset: acute (< 6), subacute (6–12), chronic (> 12), as seen in acupuncture clinics.
DURATION_WEEKS = [(35, (0, 5)), (15, (6, 11)), (50, (13, 260))]
COMPLAINTS_YES = [
    "tiredness",
    "cold_limbs",
    "feels_cold",
    "nocturia",
    "stress_or_irritability",
    "heavy_limbs",
    "poor_appetite",
    "loose_stools",
    "thirst",
    "five_palm_heat",
    "dizziness",
    "tinnitus",
    "sighing",
    "low_mood",
    "aversion_to_cold",
]
# Presentations that need a physician: (probability, answers). Most intakes have none of them.
SERIOUS = [
    (0.004, {"red_flags": {"saddle_numbness": "yes", "new_bladder_dysfunction": "yes"}}),
    (0.012, {"red_flags": {"fever_or_chills": "yes"}}),
    (0.012, {"conditions": {"cancer_history": "yes"}}),
    (0.025, {"red_flags": {"unexplained_weight_loss": "yes"}}),
]


def _weighted(rng: random.Random, options: list[tuple[int, Any]]) -> Any:
    return rng.choices([o for _, o in options], weights=[w for w, _ in options])[0]


def random_age(rng: random.Random) -> int:
    """Adults, peaking in the forties to sixties as back pain does."""
    return max(18, min(92, round(rng.gauss(50, 14))))


def make_intake(rng: random.Random, as_of: dt.date) -> dict[str, Any]:
    """One intake as JSON-ready answers, dated relative to ``as_of``."""
    age = random_age(rng)
    sex = rng.choices(["female", "male", "other"], weights=[58, 41, 1])[0]
    sites = _weighted(rng, SITE_MIXES)
    low, high = _weighted(rng, DURATION_WEEKS)
    weeks = rng.randint(low, high)
    onset = as_of - dt.timedelta(days=weeks * 7 + rng.randint(0, 6))
    radiation: dict[str, Any] = {}
    if any(region in {"buttock", "hip"} for region, _ in sites) and rng.random() < 0.55:
        side = next(side for region, side in sites if region in {"buttock", "hip"})
        radiation = {
            "areas": rng.choice(SCIATICA_AREAS),
            "side": side if side != "central" else "both",
            "numbness": rng.choice(["yes", "no", "no"]),
            "tingling": rng.choice(["yes", "no"]),
        }
    elif sites[0][0] == "neck" and rng.random() < 0.4:
        radiation = {"areas": rng.choice(ARM_AREAS), "side": "left", "tingling": "yes"}
    now = rng.randint(2, 8)
    intake: dict[str, Any] = {
        "age": age,
        "sex": sex,
        "pain_sites": [{"region": r, "side": s} for r, s in sites],
        "intensity": {
            "now": now,
            "average": max(0, now - rng.randint(0, 2)),
            "worst": min(10, now + rng.randint(1, 3)),
        },
        "onset": {
            "date": onset.isoformat(),
            "how": rng.choice(ONSET_HOW),
            "sudden": rng.choice(["yes", "no"]),
        },
        "better": rng.sample(FACTORS_BETTER, rng.randint(0, 3)),
        "worse": rng.sample(FACTORS_WORSE, rng.randint(1, 3)),
        "previous_episodes": rng.choice(["yes", "no", "unknown"]),
        "medicines": {
            "nsaid": rng.choice(["yes", "no"]),
            "anticoagulant": "yes" if rng.random() < 0.04 else "no",
        },
        "conditions": {
            "cancer_history": "no",
            "osteoporosis": "yes" if age > 65 and rng.random() < 0.03 else "no",
            "diabetes": "yes" if rng.random() < 0.08 else "no",
            "pacemaker_or_icd": "no",
            "needle_phobia": "yes" if rng.random() < 0.05 else "no",
        },
        # Screened: every red-flag question answered, nearly all "no".
        "red_flags": dict.fromkeys(RedFlags.model_fields, "no"),
        "other_complaints": {
            "sleep": rng.choice(["good", "poor", "unknown"]),
            **dict.fromkeys(rng.sample(COMPLAINTS_YES, rng.randint(0, 4)), "yes"),
        },
    }
    if radiation:
        intake["radiation"] = radiation
    if sex != "female" or age > 50:
        intake["red_flags"].pop("vaginal_bleeding")
        intake["red_flags"].pop("regular_tightenings_or_contractions")
        intake["pregnant"] = "no"
    else:
        intake["pregnant"] = "no"
    for probability, answers in SERIOUS:
        if rng.random() < probability:
            for section, values in answers.items():
                intake[section] = {**intake[section], **values}
    return intake

"""Speed of the assessment engine on one core: whole assessments per second, and the ratio to
merely parsing and validating the same intakes.

    .venv/bin/python bench/bench_assess.py [--count 3000] [--seed 7] [--repeat 7]
                                           [--clock wall|cpu] [--no-gc]

Generates ``count`` varied, valid intakes (as decoded dicts and as JSON text) from a seeded random generator (so every run times the
same work), warms the caches (data files loaded and rules compiled once per process), then runs
``repeat`` rounds; each round times every stage once over all intakes, one after the other, each
starting from a full garbage collection (so no stage pays for the garbage of the one before). It
reports each stage's best round, and the ratio of assessment to validation as the median of the
rounds' own ratios: validation and assessment of one round ran a few seconds apart, under the
same conditions, so a machine that slows down or speeds up between rounds moves both. ``--clock cpu`` times the
process's CPU time instead of the wall clock, which leaves out the time the process waits for the
CPU behind other jobs on a shared machine; ``--no-gc`` turns the cyclic garbage collector off while
timing, to show its share (the intakes and results held in memory make the collector's passes a
large part of both validation and assessment). Goal: at least 2,000 assessments per second and no
more than 5 times the cost of validation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from acuback.core.assess import assess
from acuback.core.classify import classify
from acuback.core.intake import (
    Conditions,
    Factor,
    Medicines,
    Movement,
    OnsetHow,
    OtherComplaints,
    PainQuality,
    PainRegion,
    PulseQuality,
    RadiationArea,
    RedFlags,
    Reflex,
    Sex,
    Side,
    TongueBody,
    TongueCoating,
    parse_intake,
    parse_intake_json,
)
from acuback.core.patterns import differentiate
from acuback.core.prescribe import prescribe
from acuback.core.safety import screen
from acuback.core.triage import triage
from acuback.knowledge import load_atlas
from acuback.knowledge.engine_data import load_engine_data

AS_OF = dt.date(2025, 3, 1)


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


def _answers(
    rng: random.Random, names: Sequence[str], p_yes: float, p_answered: float
) -> dict[str, str]:
    out = {}
    for name in names:
        if rng.random() < p_answered:
            out[name] = "yes" if rng.random() < p_yes else "no"
    return out


def make_intake(rng: random.Random) -> dict[str, Any]:
    """One plausible intake: mostly screened, a few red flags, varied sites, symptoms and findings."""
    age = rng.randint(16, 90) if rng.random() < 0.95 else rng.randint(5, 15)
    sex = rng.choice(_values(Sex))
    data: dict[str, Any] = {
        "age": age,
        "sex": sex,
        "pain_sites": [
            {"region": rng.choice(_values(PainRegion)), "side": rng.choice(_values(Side))}
            for _ in range(rng.randint(1, 3))
        ],
        "intensity": {"now": rng.randint(0, 10), "worst": rng.randint(0, 10)},
        "onset": {
            "date": (AS_OF - dt.timedelta(days=rng.randint(0, 3000))).isoformat(),
            "how": rng.choice(_values(OnsetHow)),
            "sudden": rng.choice(["yes", "no", "unknown"]),
        },
        "pain_quality": rng.sample(_values(PainQuality), rng.randint(0, 2)),
        "better": rng.sample(_values(Factor), rng.randint(0, 3)),
        "worse": rng.sample(_values(Factor), rng.randint(0, 3)),
        "previous_episodes": rng.choice(["yes", "no", "unknown"]),
        "medicines": _answers(rng, [n for n in Medicines.model_fields if n != "other"], 0.1, 0.8),
        "conditions": _answers(rng, list(Conditions.model_fields), 0.08, 0.8),
        "red_flags": _answers(rng, list(RedFlags.model_fields), 0.01, 0.85),
        "other_complaints": _answers(
            rng, [n for n in OtherComplaints.model_fields if n != "sleep"], 0.3, 0.7
        ),
    }
    if sex == "female" and age < 55:
        data["pregnant"] = rng.choice(["no", "no", "no", "yes", "unknown"])
        if data["pregnant"] == "yes":
            data["pregnancy_weeks"] = rng.randint(4, 40)
    if rng.random() < 0.5:
        data["radiation"] = {
            "areas": rng.sample(_values(RadiationArea), rng.randint(1, 3)),
            "side": rng.choice(["left", "right", "left", "right", "both"]),
            "numbness": rng.choice(["yes", "no", "unknown"]),
            "tingling": rng.choice(["yes", "no", "unknown"]),
            "weakness": rng.choice(["no", "no", "yes", "unknown"]),
        }
    if rng.random() < 0.5:
        data["findings"] = {
            "tongue": {
                "body": rng.choice(_values(TongueBody)),
                "coating": rng.sample(_values(TongueCoating), 2),
            },
            "pulse": rng.sample(_values(PulseQuality), 2),
            "straight_leg_raise_positive": rng.choice(["left", "right", "none", "unknown"]),
            "strength_deficit": rng.sample(_values(Movement), rng.randint(0, 1)),
            "reflexes_reduced": rng.sample(_values(Reflex), rng.randint(0, 1)),
        }
    return data


def _each(func: Callable[[Any], object], items: Sequence[Any]) -> None:
    for item in items:
        func(item)


def round_times(
    stages: dict[str, Callable[[], object]], repeat: int, clock: Callable[[], float]
) -> list[dict[str, float]]:
    """``repeat`` rounds, each timing every stage once (in order), each after a full collection."""
    rounds = []
    for _ in range(repeat):
        times = {}
        for name, func in stages.items():
            gc.collect()
            start = clock()
            func()
            times[name] = clock() - start
        rounds.append(times)
    return rounds


def best_of(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {name: min(r[name] for r in rounds) for name in rounds[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    parser.add_argument(
        "--no-gc", action="store_true", help="cyclic garbage collector off (to see its share)"
    )
    args = parser.parse_args()
    clock = time.perf_counter if args.clock == "wall" else time.process_time

    rng = random.Random(args.seed)
    raw = [make_intake(rng) for _ in range(args.count)]
    texts = [json.dumps(item) for item in raw]
    atlas = load_atlas()
    engine = load_engine_data()  # what assess hands to each step
    intakes = [parse_intake(item) for item in raw]
    for intake in intakes[:50]:  # warm: load every data file, compile the rules
        assess(intake, atlas, as_of=AS_OF)

    stages: dict[str, Callable[[], object]] = {
        "parse + validate": lambda: [parse_intake(item) for item in raw],
        "triage": lambda: [triage(i, as_of=AS_OF) for i in intakes],
        "classify": lambda: [classify(i, as_of=AS_OF) for i in intakes],
        "differentiate": lambda: [
            differentiate(i, duration="chronic", knowledge=engine) for i in intakes
        ],
        "assess (whole)": lambda: [assess(i, atlas, as_of=AS_OF) for i in intakes],
        "parse + assess": lambda: [assess(parse_intake(item), atlas, as_of=AS_OF) for item in raw],
        # One at a time, each result dropped before the next, as a server handles requests: the
        # collector then has little to walk, so both sides lose its share (see bench/RESULTS.md).
        "validate, dropped": lambda: _each(parse_intake, raw),
        "assess, dropped": lambda: _each(lambda i: assess(i, atlas, as_of=AS_OF), intakes),
        # As the CLI and the API receive intakes: JSON text, parsed and validated by the product's
        # own parse_intake_json; then the whole way from that text to the assessment.
        "JSON -> intake": lambda: _each(parse_intake_json, texts),
        "JSON -> assessment": lambda: _each(
            lambda t: assess(parse_intake_json(t), atlas, as_of=AS_OF), texts
        ),
    }
    if args.no_gc:
        gc.disable()
    load_before = os.getloadavg()[0]
    rounds = round_times(stages, args.repeat, clock)
    results = best_of(rounds)
    ratios = sorted(r["assess (whole)"] / r["parse + validate"] for r in rounds)

    # prescribe + screen alone, for the profile of the pipeline
    classifications = [classify(i, as_of=AS_OF) for i in intakes]
    patterns = [
        differentiate(i, duration=c.duration.value, knowledge=engine)
        for i, c in zip(intakes, classifications, strict=True)
    ]
    triples = list(zip(intakes, classifications, patterns, strict=True))
    prescriptions = [prescribe(i, c, p, atlas, knowledge=engine) for i, c, p in triples]
    pairs = list(zip(intakes, prescriptions, strict=True))
    steps: dict[str, Callable[[], object]] = {
        "prescribe": lambda: [prescribe(i, c, p, atlas, knowledge=engine) for i, c, p in triples],
        "screen": lambda: [screen(i, rx, atlas, knowledge=engine) for i, rx in pairs],
    }
    results |= best_of(round_times(steps, args.repeat, clock))
    load_after = os.getloadavg()[0]
    gc.enable()

    levels = Counter(triage(i, as_of=AS_OF).level.value for i in intakes)
    n = args.count
    print(
        f"{n} intakes (seed {args.seed}), best of {args.repeat} rounds ({args.clock} clock"
        f"{', gc off' if args.no_gc else ''});"
        f" atlas {len(atlas.points)} points; load average {load_before:.1f} -> {load_after:.1f}"
    )
    print(f"{'stage':<18} {'per second':>12} {'µs each':>10}")
    for name, seconds in results.items():
        print(f"{name:<18} {n / seconds:>12,.0f} {seconds / n * 1e6:>10.1f}")
    dropped = statistics.median(r["assess, dropped"] / r["validate, dropped"] for r in rounds)
    whole = statistics.median(r["JSON -> assessment"] / r["JSON -> intake"] for r in rounds)
    engine = statistics.median(r["assess, dropped"] / r["JSON -> intake"] for r in rounds)
    ratio = statistics.median(ratios)
    print(
        f"assess / validate: {ratio:.1f}x, median of {len(ratios)} rounds"
        f" (rounds: {ratios[0]:.1f}x to {ratios[-1]:.1f}x; best times:"
        f" {results['assess (whole)'] / results['parse + validate']:.1f}x)  (all held in memory:"
        " the collector's passes inflate both)"
    )
    print(
        f"one at a time, results dropped: assess / validate a decoded dict {dropped:.1f}x, median"
        " of the rounds (validation without the parsing)"
    )
    print(
        f"from JSON text, one at a time: whole (JSON -> assessment) / (JSON -> intake) {whole:.1f}x;"
        f" the engine alone / (JSON -> intake) {engine:.1f}x  (goal <= 5x: the first is the"
        " issue's reading, parsing and validating the same intakes)"
    )
    print(f"assessments per second: {n / results['assess (whole)']:,.0f}  (goal >= 2,000)")
    print(
        "triage levels: " + ", ".join(f"{level} {count}" for level, count in levels.most_common())
    )


if __name__ == "__main__":
    main()

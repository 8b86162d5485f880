"""Scoring of patient-reported outcome questionnaires: check the answers, then compute each score.

The instruments are data (``data/instruments/*.yaml``, loaded by
:mod:`acuback.knowledge.instruments`); this module applies their rules. Two steps:

1. :func:`clean_answers` turns raw answers (form strings, JSON values) into typed values and lists
   every problem: an unknown item, a value out of range, a rating without the activity it rates.
2. :func:`score_instrument` computes every measure of the instrument from clean answers, applying
   the measure's missing-item rule; a measure that cannot be scored is ``None`` with a reason.

A questionnaire is complete when every one of its measures can be scored (:func:`is_complete`);
anything less is kept as a draft by the faces. Responder rules and statistics live in
:mod:`acuback.core.outcomes_rules` and :mod:`acuback.core.outcomes_stats`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from acuback.knowledge.instruments import Instrument, Item, ItemKind, Measure, Scoring

AnswerValue = int | bool | str | tuple[str, ...]
CleanAnswers = dict[str, AnswerValue]

TEXT_MAX_LENGTH = 120
_INTEGER = re.compile(r"^[+-]?\d+$")
_TRUE = frozenset({"1", "true", "yes", "on", "y"})
_FALSE = frozenset({"0", "false", "no", "off", "n"})


class OutcomeError(Exception):
    """Base class of the outcome errors: ``code`` is stable, ``str(error)`` a sentence."""

    code = "outcome_error"


@dataclass(frozen=True)
class AnswerProblem:
    """One problem with one answer: ``item`` is the item id, ``message`` a sentence for people."""

    item: str
    message: str


class InvalidAnswers(OutcomeError):
    """Answers that break an instrument's rules. ``problems`` names every item at fault."""

    code = "invalid_answers"

    def __init__(self, instrument_id: str, problems: Sequence[AnswerProblem]) -> None:
        self.instrument_id = instrument_id
        self.problems = tuple(problems)
        first = self.problems[0] if self.problems else AnswerProblem("", "is not valid")
        more = len(self.problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(f"{instrument_id}: item '{first.item}' {first.message}{tail}.")


@dataclass(frozen=True)
class Score:
    """One measure's score. ``value`` is None when the missing-item rule forbids scoring."""

    measure: str
    value: float | None
    answered: int
    missing: tuple[str, ...]
    reason: str = ""


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "") or value == []


def _to_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return int(value.strip())
    return None


class _Problem(str):
    """A problem sentence, told apart from a text answer by its type."""


def _clean_one(item: Item, value: object) -> AnswerValue | _Problem:
    """The typed answer, or a :class:`_Problem` saying what is wrong with it."""
    kind = item.kind
    if kind is ItemKind.SCALE:
        number = _to_int(value)
        if number is None:
            return _Problem(f"must be a whole number from {item.min} to {item.max}")
        assert item.min is not None
        assert item.max is not None
        if not item.min <= number <= item.max:
            return _Problem(f"must be between {item.min} and {item.max} (got {number})")
        return number
    if kind is ItemKind.CHOICE:
        allowed = item.allowed_values()
        numeric = all(isinstance(v, int) for v in allowed)
        candidate: object = (
            _to_int(value) if numeric else (value.strip() if isinstance(value, str) else value)
        )
        if candidate is None or candidate not in allowed:
            shown = ", ".join(str(v) for v in allowed)
            return _Problem(f"must be one of {shown} (got {value!r})")
        assert isinstance(candidate, int | str)
        return candidate
    if kind is ItemKind.CHECK:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        return _Problem(f"must be ticked or not (got {value!r})")
    if kind is ItemKind.MULTI:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list | tuple):
            return _Problem("must be a list of options")
        allowed = item.allowed_values()
        chosen: list[str] = []
        for entry in values:
            if entry not in allowed or not isinstance(entry, str):
                return _Problem(f"has an unknown option {entry!r}")
            if entry not in chosen:
                chosen.append(entry)
        return tuple(chosen)
    text = str(value).strip()
    if len(text) > TEXT_MAX_LENGTH:
        return _Problem(f"must be at most {TEXT_MAX_LENGTH} characters")
    return text


def clean_answers(
    instrument: Instrument, raw: Mapping[str, object]
) -> tuple[CleanAnswers, tuple[AnswerProblem, ...]]:
    """Check and type the answers to one instrument.

    Takes the raw answers by item id (strings from a form or JSON values; blank means unanswered).
    Returns the clean answers (unanswered items left out, valid answers kept even when others are
    wrong, so that nothing good is lost) and every problem found, in item order.
    """
    known = {item.id: item for item in instrument.items}
    problems: list[AnswerProblem] = [
        AnswerProblem(key, "is not an item of this questionnaire")
        for key in raw
        if key not in known
    ]
    clean: CleanAnswers = {}
    for item in instrument.items:
        value = raw.get(item.id)
        if _is_blank(value):
            continue
        result = _clean_one(item, value)
        if isinstance(result, _Problem):
            problems.append(AnswerProblem(item.id, str(result)))
        elif item.kind is ItemKind.CHECK and result is False:
            continue  # an unticked statement is the same as no answer
        else:
            clean[item.id] = result
    for item in instrument.items:
        if item.requires and item.id in clean and _is_blank(clean.get(item.requires)):
            required = known[item.requires].label
            problems.append(AnswerProblem(item.id, f"needs '{required}' to be filled in first"))
    return clean, tuple(problems)


def validate_answers(instrument: Instrument, raw: Mapping[str, object]) -> CleanAnswers:
    """Like :func:`clean_answers` but raises :class:`InvalidAnswers` when anything is wrong."""
    clean, problems = clean_answers(instrument, raw)
    if problems:
        raise InvalidAnswers(instrument.id, problems)
    return clean


def round_half_up(value: Fraction, decimals: int) -> float:
    """Round as people do by hand (2.25 -> 2.3), not to even as ``round`` does."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _numeric(item: Item, value: AnswerValue) -> int:
    if isinstance(value, bool):
        return int(value)
    assert isinstance(value, int)
    if item.recode is not None:
        return item.recode[value]
    return value


def score_measure(
    instrument: Instrument, measure: Measure, answers: Mapping[str, AnswerValue]
) -> Score:
    """Score one measure from clean answers, applying its missing-item rule."""
    items = [instrument.item(item_id) for item_id in measure.items]
    if measure.scoring is Scoring.COUNT_CHECKED:
        ticked = sum(1 for item in items if answers.get(item.id) is True)
        return Score(measure.id, float(ticked), len(items), ())
    present = [(item, answers[item.id]) for item in items if item.id in answers]
    missing = tuple(item.id for item in items if item.id not in answers)
    answered = len(present)
    needed = (
        measure.min_answered
        if measure.min_answered is not None
        else len(items) - measure.max_missing
    )
    if answered < max(needed, 1):
        if answered == 0:
            reason = "no item answered"
        else:
            reason = f"{len(missing)} of {len(items)} items unanswered; at most {len(items) - needed} may be"
        return Score(measure.id, None, answered, missing, reason)
    values = [_numeric(item, value) for item, value in present]
    total = Fraction(sum(values))
    if measure.scoring is Scoring.ITEM or measure.scoring is Scoring.SUM:
        result = total
    elif measure.scoring is Scoring.MEAN:
        result = total / answered
    elif measure.scoring is Scoring.PERCENT_OF_MAX:
        highest = sum(item.highest() for item, _ in present)
        result = total / highest * 100
    else:  # lookup
        assert measure.table is not None
        if int(total) not in measure.table:
            return Score(
                measure.id, None, answered, missing, f"raw sum {total} is not in the table"
            )
        result = Fraction(str(measure.table[int(total)]))
    return Score(measure.id, round_half_up(result, measure.decimals), answered, missing)


def score_instrument(
    instrument: Instrument, answers: Mapping[str, AnswerValue]
) -> dict[str, Score]:
    """Every measure of ``instrument`` scored from clean answers, by measure id."""
    return {m.id: score_measure(instrument, m, answers) for m in instrument.measures}


def is_complete(scores: Mapping[str, Score]) -> bool:
    """A questionnaire is complete when every one of its measures could be scored."""
    return all(score.value is not None for score in scores.values())


def score_answers(instrument: Instrument, raw: Mapping[str, object]) -> dict[str, float | None]:
    """Validate then score raw answers: ``{measure id: value or None}``. Raises InvalidAnswers."""
    scores = score_instrument(instrument, validate_answers(instrument, raw))
    return {measure_id: score.value for measure_id, score in scores.items()}

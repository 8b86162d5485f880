"""The result page's words come from the stored assessment: plain reasons, never "all is well"."""

from __future__ import annotations

from acuback.web.intake.advice import advice_for


def test_an_emergency_gives_plain_reasons_and_what_the_patient_said() -> None:
    result = {
        "triage": {
            "level": "emergency",
            "flags": [
                {
                    "code": "obstetric",
                    "level": "emergency",
                    "answers": ["red_flags.vaginal_bleeding", "pregnant"],
                },
                {"code": "haematuria", "level": "urgent", "answers": ["red_flags.blood_in_urine"]},
            ],
        }
    }

    advice = advice_for(result)

    assert advice.emergency
    assert advice.maternity
    assert [str(words) for words in advice.told_us] == [
        "bleeding from the vagina",
        "your pregnancy",
        "blood in your urine",
    ]
    assert str(advice.concerns[1]) == "Blood in the urine should be checked by a doctor soon."


def test_an_unknown_flag_falls_back_to_the_words_for_its_level() -> None:
    advice = advice_for(
        {
            "triage": {
                "level": "urgent",
                "flags": [{"code": "new_rule", "level": "urgent", "answers": []}],
            }
        }
    )

    assert [str(words) for words in advice.concerns] == [
        "Some of your answers should be checked by a doctor soon, before acupuncture."
    ]


def test_no_flag_means_no_concern_and_no_level_words() -> None:
    advice = advice_for({"triage": {"level": "none", "flags": []}})

    assert (advice.level, advice.concerns, advice.told_us, advice.maternity) == (
        "none",
        [],
        [],
        False,
    )

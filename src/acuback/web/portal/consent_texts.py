"""What a patient reads before consenting to each technique: what happens, what it may do, its risks.

Written for patients in plain words, from the WHO safety guidelines (who1999_safety) and Sierpina and
Frenkel's clinical review (sierpina2005). The text a patient agreed to is stored with the consent
(``Consent.text_shown``) together with ``VERSION``: change the version whenever the words change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from acuback.web.portal.models import Technique

VERSION = "2026-1"
SOURCE_IDS = ("who1999_safety", "sierpina2005")

Words = str | Promise

GENERAL: tuple[Words, ...] = (
    _(
        "Acupuncture is offered to ease back pain. Many people feel better after a course of "
        "treatment, but results vary from person to person, and in several large studies a "
        "'pretend' acupuncture helped almost as much as the real one. It is not a cure, and you may "
        "not notice a benefit."
    ),
    _(
        "No treatment is free of side effects. Most side effects of acupuncture are mild and pass "
        "within a day or two; serious ones are rare."
    ),
    _(
        "You can ask questions at any time, stop a session whenever you want, and withdraw this "
        "consent whenever you like, without giving a reason. Your practitioner decides with you "
        "what is suitable for you."
    ),
)


@dataclass(frozen=True)
class ConsentText:
    technique: str
    title: Words
    what: Words
    benefits: Words
    common: tuple[Words, ...]
    rare: tuple[Words, ...]
    tell_us: tuple[Words, ...]

    def as_text(self) -> str:
        """The whole text as plain words, as stored with a consent."""
        lines = [str(self.title), "", *(str(p) for p in GENERAL), "", str(self.what)]
        lines += ["", str(_("What it may do for you:")), str(self.benefits)]
        lines += ["", str(_("Common, mild effects:")), *(f"- {item}" for item in self.common)]
        lines += ["", str(_("Rare but serious risks:")), *(f"- {item}" for item in self.rare)]
        lines += [
            "",
            str(_("Tell your practitioner first if:")),
            *(f"- {item}" for item in self.tell_us),
        ]
        return "\n".join(lines)


_NEEDLING_COMMON = (
    _("soreness or a dull ache where a needle went in"),
    _("a small bruise or a drop of blood"),
    _("feeling tired or drowsy afterwards: do not drive if you feel drowsy"),
    _("feeling faint, or fainting: we can treat you lying down"),
    _("the pain feeling worse for a day before it gets better"),
)

TEXTS: dict[str, ConsentText] = {
    Technique.NEEDLING: ConsentText(
        technique=Technique.NEEDLING,
        title=_("Acupuncture needling"),
        what=_(
            "Fine, sterile needles, used once and thrown away, are put into the skin at chosen "
            "points and usually left for 20 to 30 minutes. You may feel a brief prick, then a dull, "
            "heavy or tingling feeling."
        ),
        benefits=_(
            "It may ease pain and stiffness and help you move more easily. How much it helps varies "
            "from person to person."
        ),
        common=_NEEDLING_COMMON,
        rare=(
            _("an infection where a needle went in"),
            _(
                "a needle on the chest or upper back puncturing a lung (a pneumothorax), which "
                "causes breathlessness or chest pain and needs urgent care"
            ),
            _("injury to a nerve or a blood vessel"),
        ),
        tell_us=(
            _("you are, or could be, pregnant"),
            _("you take a blood thinner or have a bleeding problem"),
            _("you have diabetes, a weak immune system, or a skin problem where it hurts"),
            _("you are very afraid of needles, or have fainted before"),
        ),
    ),
    Technique.ELECTRO: ConsentText(
        technique=Technique.ELECTRO,
        title=_("Electro-acupuncture"),
        what=_(
            "A small battery-powered device passes a gentle, pulsing current between pairs of "
            "needles. You feel a tingling or a tapping; it should never hurt, so say if it does."
        ),
        benefits=_("It may add to the effect of needling for some people."),
        common=(*_NEEDLING_COMMON, _("muscle twitching while the current is on")),
        rare=(
            _("a small burn or skin irritation at a needle"),
            _("the same rare risks as needling"),
        ),
        tell_us=(
            _(
                "you have a pacemaker, an implanted defibrillator or any other implanted electrical "
                "device: electro-acupuncture must not be used then, but needling alone can be"
            ),
            _("you have epilepsy"),
            _("you are, or could be, pregnant"),
        ),
    ),
    Technique.MOXIBUSTION: ConsentText(
        technique=Technique.MOXIBUSTION,
        title=_("Moxibustion"),
        what=_(
            "A dried herb (mugwort) is burned close to the skin, or on the handle of a needle, to "
            "warm a point. It gives off smoke with a strong smell."
        ),
        benefits=_("The warmth may ease pain, especially pain that feels better with heat."),
        common=(
            _("redness and warmth of the skin"),
            _("the smell of the smoke on clothes and hair"),
        ),
        rare=(
            _("a burn or blister, which can leave a scar"),
            _("coughing or breathing trouble from the smoke"),
        ),
        tell_us=(
            _(
                "you have reduced feeling in your skin (for example from diabetes): you may not feel the heat"
            ),
            _("you have asthma or another lung condition"),
            _("you are, or could be, pregnant"),
        ),
    ),
    Technique.CUPPING: ConsentText(
        technique=Technique.CUPPING,
        title=_("Cupping"),
        what=_(
            "Glass or plastic cups are placed on the skin with suction and left for a few minutes, "
            "or gently moved over oiled skin."
        ),
        benefits=_("It may ease muscle tension and pain."),
        common=(
            _(
                "round red or purple marks that look like bruises and fade over a few days to two "
                "weeks"
            ),
            _("tenderness where the cups were"),
        ),
        rare=(
            _("a burn or blister (when a flame is used to warm the cup)"),
            _("a skin infection"),
            _("feeling faint"),
        ),
        tell_us=(
            _("you take a blood thinner or have a bleeding problem"),
            _("your skin is fragile, broken or inflamed where it hurts"),
            _("you are, or could be, pregnant"),
        ),
    ),
}

"""The questionnaire in the patient's words: one plain question per intake field, and labels for choices.

The core's intake model (``acuback.core.intake``) names the fields; this module only words them for a
patient. ``QUESTIONS`` covers every yes/no/not-sure answer of the model (a test checks that none is
missing), so a field added to the core cannot silently drop out of the questionnaire.
``TOLD_US`` words a "yes" answer as a short phrase, used to explain a triage result in plain words.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise

YES, NO, UNKNOWN = "yes", "no", "unknown"
TRI_STATE_CHOICES: list[tuple[str, Label]] = [
    (YES, _("Yes")),
    (NO, _("No")),
    (UNKNOWN, _("Not sure")),
]

QUESTIONS: dict[str, Label] = {
    # About you
    "pregnant": _("Are you pregnant, or could you be?"),
    # Spreading pain
    "radiation.numbness": _("Is there numbness where the pain spreads?"),
    "radiation.tingling": _("Is there tingling or 'pins and needles' where the pain spreads?"),
    "radiation.weakness": _("Does your leg or arm feel weak?"),
    # Since when
    "onset.sudden": _("Did the pain come on suddenly?"),
    # Past episodes
    "previous_episodes": _("Have you had this kind of pain before?"),
    # Medicines
    "medicines.anticoagulant": _(
        "Do you take a blood thinner such as warfarin, apixaban, rivaroxaban or dabigatran?"
    ),
    "medicines.antiplatelet": _("Do you take aspirin or clopidogrel to thin the blood?"),
    "medicines.long_term_corticosteroid": _(
        "Have you taken steroid tablets (such as prednisolone) for three months or more?"
    ),
    "medicines.immunosuppressant": _(
        "Do you take medicines that lower your immunity (for example after a transplant, "
        "for arthritis, or chemotherapy)?"
    ),
    "medicines.nsaid": _(
        "Do you take anti-inflammatory painkillers such as ibuprofen or naproxen?"
    ),
    "medicines.opioid": _("Do you take strong painkillers such as codeine, tramadol or morphine?"),
    # Health conditions
    "conditions.cancer_history": _("Have you ever had cancer?"),
    "conditions.osteoporosis": _("Have you been told you have thin bones (osteoporosis)?"),
    "conditions.bleeding_disorder": _(
        "Do you have a bleeding problem such as haemophilia, or bruise very easily?"
    ),
    "conditions.pacemaker_or_icd": _("Do you have a pacemaker or an implanted defibrillator?"),
    "conditions.other_electrical_implant": _(
        "Do you have another electrical implant (for example a nerve stimulator or an insulin pump)?"
    ),
    "conditions.metal_implant_at_site": _(
        "Do you have metal implants (plates, screws, a joint replacement) where it hurts?"
    ),
    "conditions.diabetes": _("Do you have diabetes?"),
    "conditions.peripheral_neuropathy": _(
        "Do you have reduced feeling in your feet or hands (neuropathy)?"
    ),
    "conditions.epilepsy": _("Do you have epilepsy or have you had seizures?"),
    "conditions.skin_problem_at_site": _(
        "Is the skin where it hurts broken, infected or inflamed (a rash, a wound)?"
    ),
    "conditions.needle_phobia": _("Are you very afraid of needles?"),
    "conditions.fainting_history": _(
        "Have you ever fainted, for example at the sight of blood or at an injection?"
    ),
    "conditions.immunosuppression": _(
        "Is your immune system weakened by an illness or a treatment (for example HIV, a transplant)?"
    ),
    "conditions.iv_drug_use": _("Do you inject drugs, or have you done so recently?"),
    "conditions.recent_bacterial_infection": _(
        "Have you had an infection recently, such as a skin, urine or chest infection?"
    ),
    "conditions.recent_spinal_procedure": _(
        "Have you had back surgery or an injection into your spine in the last few months?"
    ),
    "conditions.heart_disease": _(
        "Do you have a heart condition (angina, a heart attack, heart failure)?"
    ),
    "conditions.smoker": _("Do you smoke, or have you smoked?"),
    "conditions.known_aaa": _(
        "Have you been told you have a swelling of the main artery in your tummy (an aortic aneurysm)?"
    ),
    # The important questions (red flags)
    "red_flags.saddle_numbness": _(
        "Have you noticed new numbness or a strange feeling around your bottom, genitals or inner "
        "thighs (the area you would sit on in a saddle)?"
    ),
    "red_flags.new_bladder_dysfunction": _(
        "Since the pain started, have you had new trouble passing urine, or leaked urine without "
        "meaning to?"
    ),
    "red_flags.bowel_incontinence": _(
        "Since the pain started, have you lost control of your bowels, or not been able to tell "
        "when you need to go?"
    ),
    "red_flags.sexual_dysfunction": _(
        "Since the pain started, have you noticed a change in sexual function or feeling in your "
        "genitals?"
    ),
    "red_flags.bilateral_leg_symptoms": _(
        "Do you have pain, numbness or weakness in both legs at once?"
    ),
    "red_flags.progressive_leg_weakness": _(
        "Is a leg getting weaker, for example your foot catches or drops when you walk?"
    ),
    "red_flags.widespread_numbness_or_weakness": _(
        "Is numbness or weakness spreading over a large area, or is walking becoming difficult?"
    ),
    "red_flags.fever_or_chills": _("Have you had a fever, chills or shivering with the pain?"),
    "red_flags.night_sweats": _("Do you wake up drenched in sweat at night?"),
    "red_flags.unexplained_weight_loss": _("Have you lost weight recently without trying?"),
    "red_flags.generally_unwell": _("Do you feel generally unwell, not just sore?"),
    "red_flags.constant_or_night_pain": _(
        "Is the pain there all the time, or worse at night, and not eased by changing position?"
    ),
    "red_flags.failure_to_improve_4_weeks": _(
        "Has the pain stayed the same or got worse over four weeks or more?"
    ),
    "red_flags.woken_second_half_of_night": _(
        "Does the pain wake you in the second half of the night?"
    ),
    "red_flags.morning_stiffness_over_30_min": _(
        "When you get up, does your back stay stiff for more than half an hour?"
    ),
    "red_flags.better_with_exercise_not_rest": _(
        "Does the pain get better when you move about and not when you rest?"
    ),
    "red_flags.alternating_buttock_pain": _(
        "Do you have pain deep in the buttocks, perhaps moving from one side to the other?"
    ),
    "red_flags.major_trauma": _(
        "Did the pain start after a serious accident, such as a car crash or a fall from a height?"
    ),
    "red_flags.minor_trauma": _(
        "Did the pain start after a small fall, a knock or lifting something heavy?"
    ),
    "red_flags.chest_pain_or_breathlessness": _(
        "Do you have pain or tightness in your chest, or are you short of breath?"
    ),
    "red_flags.exertional_pain": _(
        "Does the pain come on when you exert yourself (for example walking uphill) and settle when "
        "you rest?"
    ),
    "red_flags.sweating_or_faintness": _(
        "With the pain, do you sweat, feel faint or have you collapsed?"
    ),
    "red_flags.pulsatile_abdominal_mass": _(
        "Have you or a doctor noticed a lump in your tummy that throbs with your pulse?"
    ),
    "red_flags.colicky_loin_to_groin_pain": _(
        "Does the pain come in waves, from the side of your back round to your groin?"
    ),
    "red_flags.blood_in_urine": _("Have you seen blood in your urine?"),
    "red_flags.vomiting": _("Have you been vomiting (being sick)?"),
    "red_flags.epigastric_pain_to_back": _(
        "Do you have severe pain at the top of your tummy that goes through to your back?"
    ),
    "red_flags.family_history_spondyloarthritis": _(
        "Does a parent, brother, sister or child have ankylosing spondylitis or a similar "
        "inflammatory back condition?"
    ),
    "red_flags.psoriasis_or_ibd_or_uveitis": _(
        "Have you had psoriasis, Crohn's disease, ulcerative colitis or an inflamed eye (uveitis)?"
    ),
    "red_flags.vaginal_bleeding": _("Are you bleeding from the vagina?"),
    "red_flags.regular_tightenings_or_contractions": _(
        "Do you feel regular tightenings or contractions of your womb?"
    ),
    # Other complaints
    "other_complaints.tiredness": _("Do you often feel tired or low in energy?"),
    "other_complaints.dizziness": _("Do you often feel dizzy or light-headed?"),
    "other_complaints.palpitations": _("Do you notice your heart racing or fluttering?"),
    "other_complaints.tinnitus": _("Do you have ringing or buzzing in your ears?"),
    "other_complaints.cold_limbs": _("Are your hands and feet often cold?"),
    "other_complaints.feels_cold": _("Do you often feel cold when others do not?"),
    "other_complaints.feels_hot": _("Do you often feel hot when others do not?"),
    "other_complaints.five_palm_heat": _(
        "Do your palms and the soles of your feet feel hot, especially in the evening?"
    ),
    "other_complaints.night_sweating": _("Do you sweat at night?"),
    "other_complaints.spontaneous_sweating": _(
        "Do you sweat easily during the day without effort?"
    ),
    "other_complaints.thirst": _("Are you often thirsty?"),
    "other_complaints.aversion_to_cold": _("Do you dislike the cold and want to wrap up?"),
    "other_complaints.loose_stools": _("Do you often have loose stools?"),
    "other_complaints.constipation": _("Are you often constipated?"),
    "other_complaints.poor_appetite": _("Is your appetite poor?"),
    "other_complaints.frequent_pale_urination": _("Do you pass a lot of pale urine, often?"),
    "other_complaints.dark_scanty_urination": _("Is your urine dark and small in amount?"),
    "other_complaints.nocturia": _("Do you get up at night to pass urine?"),
    "other_complaints.painful_periods": _("Are your periods painful?"),
    "other_complaints.irregular_periods": _("Are your periods irregular?"),
    "other_complaints.clots_in_menses": _("Are there clots in your menstrual blood?"),
    "other_complaints.stress_or_irritability": _("Do you often feel stressed or irritable?"),
    "other_complaints.low_mood": _("Do you often feel low or down?"),
    "other_complaints.sighing": _("Do you find yourself sighing a lot?"),
    "other_complaints.hypochondrial_distension": _("Do you feel bloated or tight under your ribs?"),
    "other_complaints.heavy_limbs": _("Do your body and limbs feel heavy?"),
    "other_complaints.stiff_neck_after_draught": _(
        "Did a stiff neck start after sitting in a draught or cold wind?"
    ),
}

# A "yes" answer in a short phrase: "You told us about <phrase>."
TOLD_US: dict[str, Label] = {
    "red_flags.saddle_numbness": _("new numbness around your bottom, genitals or inner thighs"),
    "red_flags.new_bladder_dysfunction": _("new trouble passing or holding urine"),
    "red_flags.bowel_incontinence": _("new trouble controlling your bowels"),
    "red_flags.sexual_dysfunction": _("a new change in sexual function or genital feeling"),
    "red_flags.bilateral_leg_symptoms": _("pain, numbness or weakness in both legs"),
    "red_flags.progressive_leg_weakness": _("a leg that is getting weaker"),
    "red_flags.widespread_numbness_or_weakness": _(
        "numbness or weakness over a large area, or difficulty walking"
    ),
    "red_flags.fever_or_chills": _("fever, chills or shivering"),
    "red_flags.night_sweats": _("drenching night sweats"),
    "red_flags.unexplained_weight_loss": _("weight loss without trying"),
    "red_flags.generally_unwell": _("feeling generally unwell"),
    "red_flags.constant_or_night_pain": _("pain that is constant or worse at night"),
    "red_flags.failure_to_improve_4_weeks": _("pain that has not improved over four weeks"),
    "red_flags.woken_second_half_of_night": _(
        "pain that wakes you in the second half of the night"
    ),
    "red_flags.morning_stiffness_over_30_min": _("morning stiffness lasting over half an hour"),
    "red_flags.better_with_exercise_not_rest": _("pain that eases with movement, not rest"),
    "red_flags.alternating_buttock_pain": _("deep buttock pain"),
    "red_flags.major_trauma": _("a serious accident"),
    "red_flags.minor_trauma": _("a small fall, knock or heavy lift"),
    "red_flags.chest_pain_or_breathlessness": _("chest pain, chest tightness or breathlessness"),
    "red_flags.exertional_pain": _("pain that comes on with exertion"),
    "red_flags.sweating_or_faintness": _("sweating, feeling faint or collapsing"),
    "red_flags.pulsatile_abdominal_mass": _("a throbbing lump in your tummy"),
    "red_flags.colicky_loin_to_groin_pain": _("pain coming in waves from your side to your groin"),
    "red_flags.blood_in_urine": _("blood in your urine"),
    "red_flags.vomiting": _("vomiting"),
    "red_flags.epigastric_pain_to_back": _(
        "severe pain at the top of your tummy going to your back"
    ),
    "red_flags.family_history_spondyloarthritis": _("inflammatory back disease in your family"),
    "red_flags.psoriasis_or_ibd_or_uveitis": _("psoriasis, inflammatory bowel disease or uveitis"),
    "red_flags.vaginal_bleeding": _("bleeding from the vagina"),
    "red_flags.regular_tightenings_or_contractions": _("regular tightenings of your womb"),
    "radiation.numbness": _("numbness where the pain spreads"),
    "radiation.weakness": _("weakness in your leg or arm"),
    "radiation.side": _("symptoms on both sides"),
    "radiation.areas": _("where your pain spreads"),
    "conditions.cancer_history": _("having had cancer"),
    "conditions.osteoporosis": _("thin bones (osteoporosis)"),
    "conditions.diabetes": _("diabetes"),
    "conditions.immunosuppression": _("a weakened immune system"),
    "conditions.iv_drug_use": _("injecting drugs"),
    "conditions.recent_bacterial_infection": _("a recent infection"),
    "conditions.recent_spinal_procedure": _("a recent back operation or spinal injection"),
    "conditions.smoker": _("smoking"),
    "conditions.known_aaa": _("a known aortic aneurysm"),
    "conditions.heart_disease": _("a heart condition"),
    "medicines.long_term_corticosteroid": _("taking steroid tablets for a long time"),
    "medicines.immunosuppressant": _("medicines that lower your immunity"),
    "pregnant": _("your pregnancy"),
    "pregnancy_weeks": _("how far along your pregnancy is"),
    "age": _("your age"),
    "onset.date": _("how long you have had the pain"),
    "onset.sudden": _("the pain coming on suddenly"),
    "onset.how": _("how the pain started"),
    "previous_episodes": _("this being a new kind of pain for you"),
    "intensity.worst": _("how bad the pain is at its worst"),
    "pain_sites": _("where the pain is"),
    "better": _("what eases the pain"),
    "regions": _("where the pain is"),
}

SEX_LABELS: dict[str, Label] = {
    "female": _("Female"),
    "male": _("Male"),
    "other": _("Other"),
    "unknown": _("Prefer not to say"),
}

REGION_LABELS: dict[str, Label] = {
    "neck": _("Neck"),
    "shoulder": _("Shoulder"),
    "upper_back": _("Upper back"),
    "mid_back": _("Middle of the back"),
    "lower_back": _("Lower back"),
    "sacral": _("Base of the spine (sacrum)"),
    "buttock": _("Buttock"),
    "hip": _("Hip"),
    "groin": _("Groin"),
    "abdomen": _("Tummy (abdomen)"),
    "chest": _("Chest"),
    "arm": _("Arm"),
    "hand": _("Hand"),
    "thigh": _("Thigh"),
    "knee": _("Knee"),
    "lower_leg": _("Lower leg"),
    "foot": _("Foot"),
}

SIDE_LABELS: dict[str, Label] = {
    "left": _("left"),
    "right": _("right"),
    "central": _("middle"),
    "both": _("both sides"),
}

LIMB_SIDE_LABELS: dict[str, Label] = {
    "left": _("Left"),
    "right": _("Right"),
    "both": _("Both sides"),
}

AREA_LABELS: dict[str, Label] = {
    "buttock": _("Buttock"),
    "thigh_back": _("Back of the thigh"),
    "thigh_side": _("Outer side of the thigh"),
    "thigh_front": _("Front of the thigh"),
    "knee": _("Knee"),
    "calf": _("Calf"),
    "shin": _("Shin"),
    "ankle_inner": _("Inner ankle"),
    "foot_top": _("Top of the foot"),
    "foot_sole": _("Sole of the foot"),
    "foot_outer": _("Outer edge of the foot"),
    "big_toe": _("Big toe"),
    "little_toe": _("Little toe"),
    "shoulder": _("Shoulder"),
    "upper_arm": _("Upper arm"),
    "forearm": _("Forearm"),
    "thumb_index": _("Thumb and index finger"),
    "middle_finger": _("Middle finger"),
    "ring_little": _("Ring and little fingers"),
}

ONSET_LABELS: dict[str, Label] = {
    "lifting": _("Lifting or carrying something"),
    "fall": _("A fall"),
    "posture": _("Sitting or standing awkwardly for a long time"),
    "accident": _("An accident (for example a car accident)"),
    "pregnancy": _("During or after a pregnancy"),
    "sport": _("Sport or exercise"),
    "gradual": _("It came on gradually, for no clear reason"),
    "other": _("Something else"),
    "unknown": _("I don't know"),
}

PAIN_QUALITY_LABELS: dict[str, Label] = {
    "stabbing": _("Sharp or stabbing, in one fixed spot"),
    "dull_ache": _("A dull ache"),
    "heavy": _("Heavy"),
    "cold": _("Cold, as if the area were chilled"),
    "burning": _("Burning or hot"),
    "stiff": _("Stiff"),
    "shooting": _("Shooting or electric, running along a line"),
}

FACTOR_LABELS: dict[str, Label] = {
    "movement": _("Moving about"),
    "exercise": _("Exercise"),
    "rest": _("Rest"),
    "lying_down": _("Lying down"),
    "bending": _("Bending forward"),
    "sitting": _("Sitting"),
    "standing": _("Standing"),
    "walking": _("Walking"),
    "coughing_sneezing": _("Coughing or sneezing"),
    "cold": _("Cold"),
    "damp": _("Damp weather"),
    "heat": _("Hot weather"),
    "warmth": _("Warmth (a hot-water bottle, a warm bath)"),
    "pressure": _("Pressing on the sore area"),
    "massage": _("Massage"),
    "morning": _("Mornings"),
    "evening": _("Evenings"),
    "night": _("Night-time"),
    "stress": _("Stress"),
    "fatigue": _("Being tired"),
    "weather_change": _("Changes in the weather"),
}

SLEEP_LABELS: dict[str, Label] = {
    "good": _("Well"),
    "poor": _("Badly"),
    "unknown": _("Not sure"),
}

# Treatments a patient often has tried, stored in the intake by these plain English keys so that a
# practitioner reading the record sees the same words whatever language the patient used.
COMMON_TREATMENTS: dict[str, Label] = {
    "painkillers": _("Painkillers"),
    "physiotherapy": _("Physiotherapy or exercises"),
    "massage": _("Massage"),
    "acupuncture": _("Acupuncture"),
    "chiropractic or osteopathy": _("Chiropractic or osteopathy"),
    "heat or cold packs": _("Heat or cold packs"),
    "injections": _("Injections"),
    "surgery": _("Surgery"),
}

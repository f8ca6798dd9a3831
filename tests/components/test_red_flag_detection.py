"""The detector on each flag, negation, hypotheticals, questions and clauses (neutral ML)."""

from __future__ import annotations

import pytest

from components.red_flag_decision import Outcome
from components.red_flag_engine import RedFlagEngine
from components.red_flag_scope import Status
from tests.components.helpers import reported

# Two lay phrasings per flag (the evaluation set has many more).
FLAG_REPORTS = [
    # Round 32 dev (reworded): a treated cancer, the treatment in a clause of its own, scans
    # clear since: still a history.
    ("cancer_history", "urgent", "he had bowel cancer, treatment ended last year, scans clear"),
    # Round 32 dev (reworded): a band across the front, a left arm sore and tired, sweating
    # for no reason; a spasm stronger each day, not weaker.
    ("chest_pain_or_breathless", "emergency", "a tight band round the front of me since tea"),
    ("chest_pain_or_breathless", "emergency", "my left arm is sore and tired tonight"),
    ("chest_pain_or_breathless", "emergency", "back is killing me and I'm sweating for no reason"),
    ("spasm_persistent_or_worsening", "soon", "heat since friday, every day it's stronger"),
    # Live test, round 47 (reworded): "lasting this long" then the days, "been like this",
    # the first day told without "on" and today's weekday named.
    ("spasm_persistent_or_worsening", "soon", "is it normal it's lasting this long? 6 days now"),
    ("spasm_persistent_or_worsening", "soon", "it's agony, been like this for 4 days"),
    (
        "spasm_persistent_or_worsening",
        "soon",
        "tuesday morning woke up in spasm. its saturday now, no better",
    ),
    # Round 32 dev (reworded): a dribble with a verb, "couldn't go" on the toilet, legs gone
    # from under, a typo of osteoporosis with a sneeze, weak both sides "like after a run".
    ("bladder_bowel_control", "emergency", "I go to the toilet and only get a dribble now"),
    ("bladder_bowel_control", "emergency", "took him to the loo and he couldn't go at all"),
    ("both_legs_weak_or_numb", "emergency", "both legs went out from under me on the stairs"),
    ("fragility_fracture_risk", "urgent", "I have osteoporosi and sneezed hard, now agony"),
    ("both_legs_weak_or_numb", "emergency", "weak in both legs, like the day after a long run"),
    # Wording of round 20's dev part, reworded.
    ("major_trauma", "emergency", "in case it's relevant, a lorry hit us side-on on Tuesday"),
    ("bladder_bowel_control", "emergency", "been stood at the loo for ages and only a trickle"),
    # Round 28's dev part, reworded: leaks told as a noun, the bladder unnamed.
    ("bladder_bowel_control", "emergency", "been having small leaks ever since my back locked"),
    ("one_leg_nerve_symptoms", "urgent", "the tingle in my left calf has now reached my ankle"),
    ("one_leg_nerve_symptoms", "urgent", "numb bit on my right shin grows bigger every day"),
    ("infection_signs", "urgent", "soaking the sheets, sweating buckets at night, back agony"),
    ("infection_signs", "urgent", "I inject sometimes, needles, and my back is killing me"),
    ("weight_loss_or_night_pain", "urgent", "he's getting so thin and he isn't dieting at all"),
    # Wording of round 18's dev part, reworded (issue 9: wording nobody wrote a rule for).
    ("both_legs_weak_or_numb", "emergency", "both feet have gone all pins-and-needles and weak"),
    ("bladder_bowel_control", "emergency", "she's gone the whole day without a wee, back is agony"),
    ("progressive_leg_weakness", "urgent", "keep tripping over my own right foot this week"),
    ("weight_loss_or_night_pain", "urgent", "I never sleep through now, resting doesn't help"),
    ("weight_loss_or_night_pain", "urgent", "needed an extra notch on my belt and I'm not dieting"),
    ("infection_signs", "urgent", "I've started injecting again and my back is really sore"),
    ("infection_signs", "urgent", "sweaty and shivery all night with this back pain"),
    ("cancer_history", "urgent", "completed my treatment for bowel cancer in 2023, new back pain"),
    ("spasm_persistent_or_worsening", "soon", "spasm 6 days and not one bit better"),
    ("spasm_persistent_or_worsening", "soon", "spasm 6 days, my shoulder has gone tight as well"),
    ("sexual_function_loss", "emergency", "since my back went stuff isn't working in the bedroom"),
    ("saddle_numbness", "emergency", "a dead kind of sensation round my bottom"),
    ("saddle_numbness", "emergency", "my bum feels numb since this morning"),
    ("saddle_numbness", "emergency", "I can't feel it when I wipe"),
    ("bladder_bowel_control", "emergency", "I wet myself and didn't notice"),
    ("bladder_bowel_control", "emergency", "cant start peeing"),
    ("bladder_bowel_control", "emergency", "i dont get the urge to pee any more"),
    ("sexual_function_loss", "emergency", "can't get an erection since my back went"),
    ("sexual_function_loss", "emergency", "since the spasm I cant feel anything during sex"),
    ("both_legs_weak_or_numb", "emergency", "legs like jelly"),
    ("both_legs_weak_or_numb", "emergency", "both my legs have gone weak"),
    ("chest_pain_or_breathless", "emergency", "chest is tight and my upper back hurts"),
    ("chest_pain_or_breathless", "emergency", "my left arm and jaw ache too"),
    ("tearing_pain_or_fainting", "emergency", "ripping pain through to my back"),
    ("tearing_pain_or_fainting", "emergency", "I fainted with the back pain"),
    ("back_belly_pain_faint", "emergency", "sudden agony in my back and belly, I feel faint"),
    ("back_belly_pain_faint", "emergency", "stomach and back pain and im really dizzy"),
    ("major_trauma", "emergency", "fell off a ladder"),
    ("saddle_numbness", "emergency", "my backside goes numb whenever I sit on it now"),
    ("major_trauma", "emergency", "back has hurt since the car crash"),
    ("progressive_leg_weakness", "urgent", "my foot keeps dragging"),
    ("progressive_leg_weakness", "urgent", "I keep tripping over my right foot"),
    ("infection_signs", "urgent", "hot and shivery with back pain"),
    ("infection_signs", "urgent", "I've got a fevre and my back hurts"),
    ("cancer_history", "urgent", "had breast cancer, now my back is killing me"),
    ("cancer_history", "urgent", "I'm on chemo and my back started hurting"),
    ("weight_loss_or_night_pain", "urgent", "lost weight without trying"),
    ("weight_loss_or_night_pain", "urgent", "pain wakes me every night"),
    ("fragility_fracture_risk", "urgent", "on steroids and felt a crack"),
    ("fragility_fracture_risk", "urgent", "I have osteoporosis. I slipped and my back hurts"),
    ("one_leg_nerve_symptoms", "soon", "tingling down my leg"),
    ("one_leg_nerve_symptoms", "soon", "pins and needles in my left foot"),
    ("spasm_persistent_or_worsening", "soon", "it's been a week and it isn't easing"),
    ("spasm_persistent_or_worsening", "soon", "back spams for 5 days now"),
    # Lay words added after the round-3 dev split showed them missing (phrased anew here).
    ("sexual_function_loss", "emergency", "since the spasm everything feels numb during intimacy"),
    ("bladder_bowel_control", "emergency", "not sure I've finished urinating since my back went"),
    ("chest_pain_or_breathless", "emergency", "my chest feels like a vice and my back aches"),
    ("major_trauma", "emergency", "a van t-boned my car and now my back is spasming"),
    # Round 47 dev (reworded): the other leg now too, told as "the other one"
    (
        "both_legs_weak_or_numb",
        "emergency",
        "my left leg has been tingling since Monday and now the right one's doing it too",
    ),
    # Round 44 dev (reworded): the saddle told as what one sits on
    ("saddle_numbness", "emergency", "the bit I sit on has gone numb since this morning"),
    # Round 47 dev (reworded): a likeness denied in brackets is not the cause
    (
        "saddle_numbness",
        "emergency",
        "how come my bum and inner thighs are numb since lunch, like I sat on them (I didn't)",
    ),
    (
        "fragility_fracture_risk",
        "urgent",
        "osteoporosis, slipped on the ice, nothing happened at first but now my back is agony",
    ),
    # Round 47 dev (reworded): a measured drop, an airbag, a hard knee in a ruck
    ("major_trauma", "emergency", "the ladder slipped, I came down a good ten feet onto the drive"),
    ("major_trauma", "emergency", "a lorry hit us, both airbags went off, back in spasm"),
    ("major_trauma", "emergency", "a bus struck into my car at the lights, my back is locked"),
    ("major_trauma", "emergency", "caught a boot full force in my lower back at rugby"),
    ("back_belly_pain_faint", "emergency", "known aneurysm, now sudden agony in my back"),
    # Issue 9: a past cancer, "all clear" now, with new back pain.
    ("cancer_history", "urgent", "had lymphoma, got the all clear in spring, now my back hurts"),
    # Typos and idioms the round-7 dev split showed missing (phrased anew here).
    ("tearing_pain_or_fainting", "emergency", "suden tearing pain up between my shoulder blades"),
    (
        "tearing_pain_or_fainting",
        "emergency",
        "ripping pain in my back i cant cope feel like im going to pass out",
    ),
    ("progressive_leg_weakness", "urgent", "my right leg is getting weeker by the day"),
    ("saddle_numbness", "emergency", "everything feels kind of dead round my back passage"),
    ("saddle_numbness", "emergency", "i've gone numb below since yesterday"),
    ("spasm_persistent_or_worsening", "soon", "hoped it'd have settled, but it's spasmed 6 days"),
    ("bladder_bowel_control", "emergency", "no appetite + can't tell if I've finished peeing"),
    (
        "major_trauma",
        "emergency",
        "small bump in the car, the airbags went off, now my back spasms",
    ),
    ("major_trauma", "emergency", "a bus drove into the back of my car and my back has hurt since"),
    ("saddle_numbness", "emergency", "skin between legs feels numb since yesterday"),
    # Round 8 dev: an adverb between the words, euphemisms, similes, timelines.
    ("bladder_bowel_control", "emergency", "i havent even been able to pee since last night"),
    ("bladder_bowel_control", "emergency", "when I try to wee barely a drop comes out"),
    ("bladder_bowel_control", "emergency", "he'd gone in his pants and had no clue"),
    ("tearing_pain_or_fainting", "emergency", "all of a sudden it's like a knife in my upper back"),
    ("major_trauma", "emergency", "came off over the handlebars at speed, back is in bits"),
    ("major_trauma", "emergency", "a van rear-ended me on the motorway, back spasming since"),
    ("spasm_persistent_or_worsening", "soon", "into the second week of this spasm now"),
    (
        "one_leg_nerve_symptoms",
        "urgent",
        "the pins and needles in my left leg are creeping further down every day",
    ),
    (
        "one_leg_nerve_symptoms",
        "urgent",
        "Sunday it was just my right calf tingling. Now the entire foot is numb too.",
    ),
    (
        "one_leg_nerve_symptoms",
        "soon",
        "is it normal to have pins and needles in one calf? began on Sunday",
    ),
    (
        "fragility_fracture_risk",
        "urgent",
        "years on prednisolone and a sneezing fit set my back off",
    ),
    ("major_trauma", "emergency", "a lorry ploughed into my car at the lights and I was in it"),
    (
        "spasm_persistent_or_worsening",
        "soon",
        "my back has been spasming on and off for a fortnight",
    ),
    (
        "spasm_persistent_or_worsening",
        "soon",
        "spasm since last monday, five days, not really settling",
    ),
    # Round 9's dev part showed these forms; each is phrased anew here.
    (
        "major_trauma",
        "emergency",
        "he went head first down the whole flight of stairs, hit his back on the bottom stair",
    ),
    (
        "bladder_bowel_control",
        "emergency",
        "changed my pants twice today as I'd leaked and never felt it",
    ),
    (
        "saddle_numbness",
        "emergency",
        "my bum's gone numb, like I've been perched on a block of ice",
    ),
    ("saddle_numbness", "emergency", "the part you sit on has no feeling since last night"),
    (
        "both_legs_weak_or_numb",
        "emergency",
        "neither of his legs will take his weight this morning",
    ),
    ("one_leg_nerve_symptoms", "urgent", "the ache runs down my left leg, each day it's more numb"),
    (
        "one_leg_nerve_symptoms",
        "urgent",
        "pins and needles in my calf have crept up to the whole leg",
    ),
    (
        "fragility_fracture_risk",
        "urgent",
        "she has thin bones and misjudged the step off the bus, now her back's in spasm",
    ),
    (
        "spasm_persistent_or_worsening",
        "soon",
        "Spasm low in my back. Five days already. Heat and tablets, still no better.",
    ),
    (
        "spasm_persistent_or_worsening",
        "soon",
        "the spasm began six days ago and overnight it's got a lot worse",
    ),
    ("spasm_persistent_or_worsening", "soon", "what else can I try. ten days of this now"),
    ("spasm_persistent_or_worsening", "soon", "it's been 3 weeks, I did say. ok then"),
    # asked as a cause, told as happening: "can X make ...? it started ..."
    (
        "saddle_numbness",
        "emergency",
        "could a spasm give you a numb bottom? it started last night and is still there",
    ),
    # Wording the round-10 dev split showed missing (phrased anew here).
    ("saddle_numbness", "emergency", "there's barely any sensation in my privates since sunday"),
    ("bladder_bowel_control", "emergency", "on the loo for ages this morning and nothing came out"),
    ("bladder_bowel_control", "emergency", "she keeps going to the toilet, can't get it all out"),
    ("bladder_bowel_control", "emergency", "mum didn't realise she'd wet the bed last night"),
    (
        "weight_loss_or_night_pain",
        "urgent",
        "I've dropped about half a stone without doing anything different",
    ),
    ("cancer_history", "urgent", "still on tamoxifen for breast cancer and my back has gone"),
    (
        "weight_loss_or_night_pain",
        "urgent",
        "it's worst at 3am and I can't find a position that eases it",
    ),
    ("spasm_persistent_or_worsening", "soon", "a wk and a half of this spasm, no better"),
    ("spasm_persistent_or_worsening", "soon", "ice and rest for 5 days and it's getting worse"),
    ("spasm_persistent_or_worsening", "soon", "it's so bad I couldn't even get out of bed"),
    (
        "fragility_fracture_risk",
        "urgent",
        "bones like glass the doctor says, and I sat down too hard",
    ),
    ("both_legs_weak_or_numb", "emergency", "since lunch both my legs are without any strength"),
    ("bladder_bowel_control", "emergency", "she hasn't had a wee since last night"),
    # Earlier rounds' dev parts, still missed by the rules (phrased anew here).
    (
        "bladder_bowel_control",
        "emergency",
        "he's wetting right through his pyjamas without knowing",
    ),
    ("bladder_bowel_control", "emergency", "my waterworks won't start since my back went"),
    (
        "saddle_numbness",
        "emergency",
        "since today, in the part where I sit, the skin has no feeling",
    ),
    (
        "sexual_function_loss",
        "emergency",
        "things havent been working in the bedroom and it feels numb",
    ),
    ("bladder_bowel_control", "emergency", "it comes out by itself, I can't hold my bowels"),
    (
        "chest_pain_or_breathless",
        "emergency",
        "tight feeling round my ticker and my upper back, puffed out",
    ),
    ("tearing_pain_or_fainting", "emergency", "like my back was being unzipped, all of a sudden"),
    (
        "major_trauma",
        "emergency",
        "how long should it hurt after falling off a motorbike? it happened last night",
    ),
    (
        "tearing_pain_or_fainting",
        "emergency",
        "is it supposed to feel like ripping? it came on all at once an hour ago",
    ),
    ("major_trauma", "emergency", "a lorry clipped him on his scooter and now his back's locked"),
    ("bladder_bowel_control", "emergency", "she can't make any urine since last night"),
    (
        "bladder_bowel_control",
        "emergency",
        "changed my knickers again, stuff came out and I didn't even notice",
    ),
    ("bladder_bowel_control", "emergency", "when I pee I can't feel the flow at all"),
    (
        "sexual_function_loss",
        "emergency",
        "since the spasm nothing's working below, no erection at all",
    ),
    ("weight_loss_or_night_pain", "urgent", "lying down makes no difference, it throbs all night"),
    (
        "fragility_fracture_risk",
        "urgent",
        "I have osteoporosis. Could carrying the shopping have done damage? spasm since lunchtime",
    ),
    (
        "weight_loss_or_night_pain",
        "urgent",
        "not complaining about losing weight but 4kg went without trying",
    ),
    (
        "spasm_persistent_or_worsening",
        "soon",
        "my back has been in spasm since the week before last",
    ),
    (
        "bladder_bowel_control",
        "emergency",
        "had an accident in my pants today and never felt it coming",
    ),
    ("major_trauma", "emergency", "she came off her road bike fast and hit a wall with her back"),
    (
        "major_trauma",
        "emergency",
        "snowboarding yesterday I went off a jump, landed badly on my back",
    ),
    ("saddle_numbness", "emergency", "since the spasm my junk has no feeling at all"),
    ("bladder_bowel_control", "emergency", "tried to pee and nothing's coming, though I feel full"),
    ("spasm_persistent_or_worsening", "soon", "it's gone into the worst spasm ever, it's severe"),
    # told, then asked about: still a report
    ("saddle_numbness", "emergency", "numb bum since yesterday, is that a reason to go to a&e?"),
    (
        "infection_signs",
        "urgent",
        "back's agony and I'm boiling hot then freezing, teeth chattering",
    ),
    (
        "spasm_persistent_or_worsening",
        "soon",
        "done the heat and paracetamol like you said, gone from sore to awful, worse every day",
    ),
    ("one_leg_nerve_symptoms", "urgent", "the tingling down my left leg has doubled since monday"),
    # one leg's path from the buttock, not the saddle area
    (
        "one_leg_nerve_symptoms",
        "soon",
        "tingling from the buttock to the knee on the right, not worse",
    ),
    # a fall told without the word: coming off something high onto something hard
    ("major_trauma", "emergency", "my lad came off the climbing frame onto the tarmac, back hurts"),
    ("major_trauma", "emergency", "someone shunted me on the M25 and my car's a write-off"),
    # changed feeling without a numbness word
    ("saddle_numbness", "emergency", "where I sit on the saddle feels all muffled since last nite"),
    # a treated cancer stays a history whatever the later scans say
    (
        "cancer_history",
        "urgent",
        "had a lump removed for breast cancer in 2019, scans clear since, new back pain",
    ),
    ("infection_signs", "urgent", "he's got a bad back, a temperature and he's shivering"),
    ("spasm_persistent_or_worsening", "soon", "spasm since last fri n its no better"),
    ("sexual_function_loss", "emergency", "things downstairs haven't worked since my back went"),
    ("bladder_bowel_control", "emergency", "havent managed a wee since yesterday, related or nah?"),
    # an absence told with "no", then another symptom joined by "and"
    ("sexual_function_loss", "emergency", "my back went tuesday, no erections and my legs ache"),
    # a fall told by its height in feet, well away from "fell"
    (
        "major_trauma",
        "emergency",
        "slipped on the scaffold and fell right down onto the concrete, about 12 feet",
    ),
    # "just" after a denial starts what the patient does have
    ("saddle_numbness", "emergency", "no temperature just my backside feels numb since lunch"),
    # played down with a guess at the cause, in the middle of another question
    (
        "saddle_numbness",
        "emergency",
        "prob nothing but my bum's numb-ish, maybe just from sitting on it. how long do i ice?",
    ),
    # pins and needles as a learner of English may put it
    ("one_leg_nerve_symptoms", "soon", "since monday like ants walking inside my right leg"),
    # a hope that did not last is not a recovery
    (
        "spasm_persistent_or_worsening",
        "soon",
        "spasm for 6 days, whenever i reckon it's eased off it grips again",
    ),
]


@pytest.mark.parametrize(("flag", "urgency", "text"), FLAG_REPORTS)
def test_each_flag_is_detected_in_lay_words(
    engine: RedFlagEngine, flag: str, urgency: str, text: str
) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT
    assert flag in decision.flags
    assert decision.urgency == urgency


def test_every_flag_of_the_rules_file_is_covered_above(engine: RedFlagEngine) -> None:
    assert {flag for flag, _, _ in FLAG_REPORTS} == {flag.id for flag in engine.rules.flags}


@pytest.mark.parametrize(
    "text",
    [
        "no fever",
        "I don't have any numbness",
        "no numbness or tingling in my legs",
        "I haven't had any problems with my bladder or bowels",
        "He hasn't got any bladder or bowel problems, it's just his back muscles",
        "my bum isn't numb",
        "no fever, chills or sweats",
        "never had cancer",
        "I have no trouble peeing",
        "numbness? no. tingling? none",
        "Doctor ruled out cauda equina",
        "Bladder and bowels are normal",
        # a negation carried along a list joined by "or"
        "dad hasn't had any trouble with peeing or pooing or numbness down below",
        # "denies" reads its list to the end of the sentence
        "Day 2 of spasm. Denies leg weakness, numb groin, bladder change, chest pain, high temp.",
        "I was told to check for numbness around my bottom in case - there's none at all",
        "injected heroin years back but I've been clean for ten years, back went yesterday",
        # a checklist answered in the next sentence
        "We covered cauda equina at college - numb saddle, retention, the lot. I have none of it.",
        "numb down there or wetting yourself? I have neither of them",
        # the word echoed as a question, then a "no" (live test, round 31, reworded)
        "fever?? no!! why would you ask that",
    ],
)
def test_negated_mentions_are_not_reports(engine: RedFlagEngine, text: str) -> None:
    assert reported(engine, text).outcome == Outcome.UNCHANGED


@pytest.mark.parametrize(
    "text",
    [
        "what if I lose bladder control?",
        "If I get numbness down there should I go to A&E?",
        "should I worry if my legs feel weak?",
        "could I lose feeling in my legs from a back spasm?",
        "I'm scared I'll end up losing control of my bladder",
        "I read that losing bladder control is an emergency",
        "my friend had cauda equina last year",
        "I'm worried it could be cancer",
        "what should I do if I faint from the pain?",
        # spaCy splits "let's" into two tokens.
        "Let's say my legs both went numb overnight, would you send an ambulance?",
        "hypothetically, wetting myself with a bad back means A&E right?",
        # a cause asked about in general for someone (round 31 dev, reworded)
        "My aunt wants to know: can chemo cause back pain later on?",
        # a follow-up about something told before (live test, round 31, reworded)
        "And the motorbike crash?",
    ],
)
def test_hypotheticals_are_not_reports(engine: RedFlagEngine, text: str) -> None:
    assert reported(engine, text).outcome == Outcome.UNCHANGED


@pytest.mark.parametrize(
    "text",
    [
        "is numbness a warning sign?",
        # statement word order, a non-native speaker's question
        "problem with pee and back pain, it is dangerous sign?",
        "is losing bladder control a red flag?",
        "what are the warning signs with back spasms?",
        "what is cauda equina syndrome?",
        # asked without a question mark (round 31 dev, reworded)
        "whats saddle anaesthesia and how would i tell if i had it",
        # a craze, and what a jab can do in general
        "bit of a football fever weekend and now my back is in spasm",
        "the flu jab can make you a bit feverish, will that confuse things?",
        "do back spasms cause numbness in your legs?",
        "red flags bladder bowel numbness?",
        "Is fever with back pain serious?",
        # a sign named, then asked about as a warning sign
        "loss of feeling round the bottom with a bad back, is that a reason to call 999?",
    ],
)
def test_questions_about_warning_signs_are_not_reports(engine: RedFlagEngine, text: str) -> None:
    assert reported(engine, text).outcome == Outcome.UNCHANGED


@pytest.mark.parametrize(
    "text",
    [
        "is it normal to have numbness down there after a spasm? I don't have any, just asking",
        "Is it normal to lose bladder control with a back spasm? I read about it in a leaflet",
    ],
)
def test_is_it_normal_questions_without_a_case_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome != Outcome.REPORT


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("no fever but I wet myself", "bladder_bowel_control"),
        ("I don't have a temperature and my legs gave way", "both_legs_weak_or_numb"),
        ("No, I don't have any numbness. But my bum feels weird when I wipe", "saddle_numbness"),
        ("If I cough I wet myself", "bladder_bowel_control"),
        ("not sure if relevant but i pooed myself", "bladder_bowel_control"),
        ("not gonna lie my legs are both numb", "both_legs_weak_or_numb"),
        ("not gonna lie i wet myself", "bladder_bowel_control"),
        # A hedge between "not" and an improvement: the spasm goes on.
        ("spasm about 6 days now, not really easing", "spasm_persistent_or_worsening"),
        ("my back spasm is not even settling after 5 days", "spasm_persistent_or_worsening"),
        (
            "probably nothing but i cant really get going when i try to pee and it dribbles",
            "bladder_bowel_control",
        ),
        ("Fever? no. Numb bum? yes", "saddle_numbness"),
        ("what should I do? my bum is numb", "saddle_numbness"),
        ("is it normal that I can't feel my bum?", "saddle_numbness"),
        # "Is it normal to ...?" with when it started, elsewhere in the message: a report.
        (
            "Is it normal to go numb round the bottom with a spasm? started this morning",
            "saddle_numbness",
        ),
        (
            "is this normal, both legs going weak after a back spasm? it happened yesterday",
            "both_legs_weak_or_numb",
        ),
        # "What I'm noticing is ..." tells, it does not ask (round 51 dev, reworded).
        (
            "spasm since sunday, what I'm noticing now is numbness down both legs. better patch?",
            "both_legs_weak_or_numb",
        ),
        # A lost feeling told as a likeness is no denial.
        ("on the loo it's like it's not my bum, all numb", "saddle_numbness"),
        ("my bottom doesn't feel like mine since the spasm started", "saddle_numbness"),
        # "neither of them" after a loss told with its own negation insists on it.
        ("my dad can't feel his legs, neither of them", "both_legs_weak_or_numb"),
    ],
)
def test_a_report_wins_over_a_negation_or_question_in_another_clause(
    engine: RedFlagEngine, text: str, flag: str
) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT and flag in decision.flags


def test_negation_in_one_clause_is_kept_per_flag(engine: RedFlagEngine) -> None:
    statuses = {f.flag_id: f.status for f in engine.detect("no fever but I wet myself").findings}
    assert statuses == {
        "infection_signs": Status.NEGATED,
        "bladder_bowel_control": Status.REPORT,
    }


@pytest.mark.parametrize(
    "text",
    [
        "my legs feel tired after the gym",
        "I can't go to the toilet without help because my back is so stiff",
        "my left arm is sore from the flu jab and my back is stiff",
        "I fell asleep on the sofa",
        "took an elbow in the back at basketball, just a bit tender, ok to play?",
        "came down with a cold and my back aches from coughing",
        "came down the stairs this morning and my back locked",
        "the airbag didn't go off, it was only a bump in the car park",
        # round 47 dev (reworded): a checklist of what is fine, the weight "the same"
        "weight is the same as last year, eating normally, no fevers, sleeping fine",
        # round 47 dev (reworded): the dentist's numbing, told with plural fillings
        "went to the dentist this morning for two fillings, my whole jaw was numb till lunch",
        "the chair I sit on at work is terrible for my back",
        # round 44 dev (reworded): a worry about thin bones, nothing has happened
        "mum has osteoporosis, always lifting heavy bags, nothing has happened, should she stop?",
        "after the deadlifts I felt like I'd been hit by a train, back is tight today",
        "I work in a care home and change incontinence products all day; my back aches",
        "my jaw is still numb after the filling and my upper back is stiff",
        "been injecting my insulin for years, now a back spasm since lunch",
        "I was leaning back in the dentist's chair for ages, now stiff between the shoulders",
        # round 31 dev (reworded): an event that lasted days, others' cases seen at work, a
        # fall on the level
        "home from a 4 day festival and my lower back has gone into spasm",
        "as a physio I've seen plenty of cauda equina, this is just a stiff back",
        "fell over lol, back's a bit sore now",
        "which chest stretch is good for upper back spasms?",
        "the heat pad burns a bit, is that ok?",
        "ice pack made my lower back go numb",
        "my foot went numb from sitting on it",
        "I crashed on the sofa all weekend",
        "I have a wee bit of stiffness",
        "the spasm started 2 days ago",
        "the hot water bottle leaked all over the bed, can I use a wheat bag instead?",
        "my hot water bottle split and leaked all over the bed, is heat still ok for my back?",
        "the hot water bottle had a leak so i threw it out, can I use a wheat bag?",
        "we had a leak in the roof and i hurt my back fixing it",
        # someone else's cauda equina, at the writer's work
        "a patient was admitted with cauda equina on my ward so I'm paranoid, my back's just stiff",
        # the third day is not more than three days (red-flags.md)
        "third day of the spasm and it's easing off nicely",
        "day 3 now, back spasm a lot better",
        "my back cramps when I sit gaming for ages, what posture helps?",
        "my son came off the sofa onto the floor and hurt his back a bit",
        "the lid came off the bottle onto the floor",
        "things downstairs are working fine, it's just my back",
        "I haven't managed to go for a run this week because of my back",
        "the bath should be at a temperature you find comfortable",
        "I'm 38 weeks pregnant and my back aches",
        "I had a spasm last week but it's gone now",
        "I'm so sick of this pain",
        "nearly had a heart attack when my back went, reaching for the remote lol",
        "My dog had an accident in the car and I bent over to clean it, back spasm",
        "can't get a GP appointment for two weeks round here",
        "back keeps spasming, worse when i bend. any stretches?",  # movement, not rest
        "a box of tiles fell on my foot, then my back went when I bent down",
        "fell off my bike at walking pace, more embarrassed than hurt, back a bit stiff",
        "in Leeds visiting family for 3 weeks and my back went this morning",
        "sweating bullets before my exam and my back is tight, is that stress?",
        "had a hell of a week at work and my shoulders are in knots",
        "my teeth were chattering after the swimming pool, back a bit stiff",
        # "a few days" is about three, not more than three
        "my back has been stiff for a few days, do menthol gels actually work?",
        "my physio warned me about cauda equina, what signs do I look out for?",
        "a twinge woke me once last night but I went straight back to sleep",
        "say my legs went numb, what would that mean?",
        "my fear is that I'll wet myself at work if this goes on",
        "landed on my bum when I slipped on the kitchen floor, back is sore",
        "football fever, pulled my back jumping off the sofa",
        "breathless from laughing so hard my back went",
        "lifting my 9 month old out of the bath set my back off",
        "bladder and bowels all fine, just the spasm",
        "legs like jelly after a long hiit class, back sore now",
        "I keep getting these spasms for the last few weeks, usually after work",
        "jumped down off the bottom step of the ladder and my back twinged",
        "if anything it eases a bit when I walk, what stretches help?",
        "my back's been sore a couple of days now, what helps?",
        "a van reversed into my car outside Tesco, luckily I wasn't in it. back aches from the gym",
        "I feel like I've been hit by a truck after moving house, my back is so stiff",
        "on my feet at the till all week, and this morning my lower back started twinging",
        "can back spasms cause numbness in your groin? just curious",
        "it's been three weeks since my last spasm, how do I keep it that way",
        "a kid rammed into me with a trolley in the supermarket, only a bruise",
        "holiday is 4 days away and my back went this morning, quick fixes?",
        "I almost fainted at the bill for the physio, are there free exercises?",
        "my star sign is Cancer so I worry a lot, anyway what helps a spasm?",
        "in my 30s I had numbness in one leg for a while, fine for years now, spasm today",
        "they checked me for cauda equina in 2022 and the MRI came back clear, now just a spasm",
        "I always sweat buckets at the gym, do I need more salt with back spasms?",
        "32 weeks pregnant, spasm started last night, is a warm bath ok?",
        "pregnant (30wks) and my back went yesterday, safe stretches?",
        "a fever of anticipation before the holiday and then my back seized, typical",
        "could not get it up onto the roof rack so I gave up and my back twinged",
        "fainted once in my teens at a festival, never since; just a sore back now",
        "since the baby I wee a little when I laugh, is that why my back aches?",
        "the whole month has been a car crash at work and my neck is in knots",
        "we sat in a tailback for two hours after a crash on the motorway, back is stiff now",
        "lost 5kg since new year, which was the plan, eating normally, back spasms after runs",
        "my back used to wake me up at night on the old mattress, now I sleep right through",
        # a person's height, a denial with "no", waking at a time of day
        "my husband is 6 foot 3 and his back locks up after golf",
        "no pee issues or anything, just a stiff lower back since the gym",
        "stiff as a board when I wake up in the morning, better by lunch",
        "are protein shakes after the gym ok with a sore back?",
        # round 41 dev (reworded): a cold house, and a non-native "before N years"
        "the heating broke last night and I was shivering in bed, now my back is stiff",
        "before 5 years i fall from the roof, broke my arm, all good now. today back spasm",
    ],
)
def test_benign_messages_sharing_words_are_not_reports(engine: RedFlagEngine, text: str) -> None:
    assert reported(engine, text).outcome == Outcome.UNCHANGED


def test_hot_and_cold_sweats_with_a_fever_are_the_infection_sign_not_a_heart_attack(
    engine: RedFlagEngine,
) -> None:
    decision = reported(engine, "back aches, hot and cold sweats and shivery, temp 38.9")
    assert decision.flags == ("infection_signs",) and decision.urgency == "urgent"


@pytest.mark.parametrize(
    "text",
    [
        "MY BUM IS NUMB",
        "my bum is numbbbbb",
        "numbnes in my groin",
        "my bum\u2019s gone numb",
        "<b>my bum is numb</b>",
        "my bum is numb &amp; tingly",
        "my\tbum  is\u00a0numb",
    ],
)
def test_typography_case_and_markup_do_not_hide_a_flag(engine: RedFlagEngine, text: str) -> None:
    assert "saddle_numbness" in reported(engine, text).flags


def test_dont_feel_a_state_denies_it_dont_feel_a_body_part_is_the_symptom(
    engine: RedFlagEngine,
) -> None:
    # How the model's key words are read (word_status): "don't feel faint" denies fainting,
    # "can't feel my legs" is numbness.
    assert engine.word_status("i dont feel faint or dizzy", ["faint", "dizzy"]) == Status.NEGATED
    assert engine.word_status("she doesn't feel sick", ["sick"]) == Status.NEGATED
    assert engine.word_status("i don't feel my legs", ["feel", "legs"]) == Status.REPORT


@pytest.mark.parametrize(
    "text",
    [
        # Round 29 dev (reworded): a retention told as "nothing would come", a bowel accident
        # with words between the verb and "in my underwear".
        "was desperate for a wee for half an hour and nothing would come, back is in spasm",
        "my back's been spasming and this morning I'd wet a bit in my pants without noticing",
        # Round 53 dev (reworded): not able to hold it, wetting oneself in chat spelling, an
        # Irish word for the toilet, damp jocks, no water passed.
        "since this morning he's not able to hold his urine, back in spasm since sunday",
        "back's in spasm n now im wetin myself without realisin",
        "spasms all week, and now I stand at the jacks and nothing comes",
        "lower back in bits and my jocks are damp, never felt a thing",
        "back went into spasm at the weekend and I haven't passed water since last night",
    ],
)
def test_bladder_and_bowel_signs_told_loosely_are_reports(engine: RedFlagEngine, text: str) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT
    assert "bladder_bowel_control" in decision.flags


@pytest.mark.parametrize(
    "text",
    [
        # A short checklist question answers for each of its items.
        "The nurse asked: fever, weight loss, cancer before? No, no and no. Just a stiff back.",
        # "like" before the question word: still a question (round 29 dev, reworded).
        "like could a spasm give me numbness in one leg? I don't have any, just curious",
        # An injury over long ago is not a spasm lasting more than three days.
        "three summers back I strained my back, took a month to settle. Now a new twinge, ice?",
    ],
)
def test_checklists_fillers_and_old_healed_injuries_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome == Outcome.UNCHANGED


@pytest.mark.parametrize(
    "text",
    [
        # Live test, round 29 (reworded): growing taller, one lying position, a recurring
        # pattern with a week of something else in it.
        "my son has shot up 8cm since summer, could a growth spurt cause back spasms?",
        "it's worse lying on my front, which position is best for sleeping?",
        "I get a spasm every couple of months, normally after a week of deadlines. prevention?",
    ],
)
def test_growth_one_position_and_recurring_spells_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome == Outcome.UNCHANGED


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        # Round 30 dev (reworded): a lost feeling told through the seat, "muffled" skin, a typo
        # in "without trying", a spasm counted in days and worse, a diagnosis one was told of.
        ("saddle_numbness", "when I sat on the loo this morning I couldn't even feel the seat"),
        ("saddle_numbness", "the skin round my backside is just muffled since yesterday"),
        ("weight_loss_or_night_pain", "dropped 4kg in six weeks without tryin, spasms are back"),
        (
            "spasm_persistent_or_worsening",
            "did my back in last week. It's 8 days now and if anything it's worse.",
        ),
        (
            "fragility_fracture_risk",
            "I was told I have osteoporosis a while back. Lifted the shopping and felt my back go.",
        ),
        (
            "cancer_history",
            "Apart from a melanoma cut out in 2020, no, I'm well. Back aching for a week now.",
        ),
        # Round 31 dev (reworded): numbness told by a simile or a local anaesthetic's name, a
        # question whose case is told after it, a weak stream, euphemisms, a beast's kick.
        ("saddle_numbness", "my bottom feels like I'm touching it through a wetsuit"),
        (
            "saddle_numbness",
            "Silly one, but can a spasm make your groin go numb? Mine started Friday and the "
            "skin down there feels like it's had novocaine.",
        ),
        (
            "bladder_bowel_control",
            "since Sunday my bladder has gone slow, I push and wait before anything starts",
        ),
        ("sexual_function_loss", "since my back went nothing happens downstairs at all"),
        ("sexual_function_loss", "no morning wood since the spasm started on Monday"),
        ("major_trauma", "the horse landed a kick square in my lower back this morning"),
        (
            "bladder_bowel_control",
            "haven't needed to wee since last night even with all the tea, I just feel full",
        ),
        # Stop 41 (own wording): a stream that struggles, told without "can't".
        ("bladder_bowel_control", "my stream is weak and takes ages to start since my back went"),
        ("bladder_bowel_control", "weak flow when I wee since the spasm, prob nothing"),
        # Stop 41 (own wording, after round 33 dev): thrown from a horse, a hard sit with thin
        # bones, a calf that cannot lift the heel, a named cancer "all clear" since, dead legs.
        ("major_trauma", "the pony threw me this morning and I came down on my back"),
        (
            "fragility_fracture_risk",
            "I have osteoporosis. Sat down a bit too hard on the bench and now my back is agony",
        ),
        ("progressive_leg_weakness", "I can't go up on my right toes any more, worse each day"),
        (
            "cancer_history",
            "I had bowel cancer in 2019, all clear at my last check. New back ache since Monday.",
        ),
        ("both_legs_weak_or_numb", "both my legs feel dead since I woke up"),
        # Live test, round 30 (reworded): numbness is no gym tiredness, whatever the patient
        # guesses.
        (
            "both_legs_weak_or_numb",
            "both legs gone a bit wobbly and numb on the stairs, prob just leg day lol",
        ),
        # Round 39 dev (reworded): how long, said after a correction.
        (
            "spasm_persistent_or_worsening",
            "no wait it started before the wedding, so about 9 days now",
        ),
        # Round 39 dev (reworded): "gone to sleep" as how it feels, not the ordinary cause.
        (
            "saddle_numbness",
            "can't feel a thing when he wipes, his bum feels like it has 'gone to sleep'",
        ),
    ],
)
def test_signs_told_without_their_usual_words_are_reports(
    engine: RedFlagEngine, flag: str, text: str
) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT
    assert flag in decision.flags


@pytest.mark.parametrize(
    "text",
    [
        # Round 30 dev (reworded): what was read about is not what one has.
        "went down a rabbit hole reading about cauda equina, tumours, the lot. I've none of it.",
        "I was told to look out for numbness down there if it ever gets worse",
        # whether a condition is inherited (live test, round 30, reworded)
        "does cauda equina run in families? which signs should I watch for?",
        # Stop 41 (own wording): a question about the condition by its name.
        "should I worry about cauda equina with a spasm this bad? what are the signs of it?",
    ],
)
def test_what_was_read_or_warned_about_is_not_a_report(engine: RedFlagEngine, text: str) -> None:
    assert reported(engine, text).outcome == Outcome.UNCHANGED


@pytest.mark.parametrize(
    "text",
    [
        # Stop 41 (own wording, after round 33 dev): a ball kicked into the back, a crash seen
        # from the road, sore legs after leg day, "back from" a trip, a guessed cause.
        "my nephew kicked a football into my back, bit of a sting. ok to use ice?",
        "we drove past a nasty crash on the motorway, sat for hours, now my back is stiff",
        "trained legs yesterday and both legs are dead today haha, back tight too",
        "just got back from two weeks in Spain. Back went yesterday, the heavy case probably "
        "didn't help.",
    ],
)
def test_a_ball_a_crash_seen_leg_day_and_a_trip_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome == Outcome.UNCHANGED


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        # Stop 42 (own wording, after round 34 dev): the absence is the sign ("no more"),
        # a sensation said to be less, an urge not felt with an adverb before it.
        ("sexual_function_loss", "since the spasm no more erections at all, I'm 41"),
        ("sexual_function_loss", "the feeling during sex is much less since my back went"),
        ("bladder_bowel_control", "I don't even get the 'need to wee' feeling now"),
        ("bladder_bowel_control", "she didn't feel she needed to go and the pad was soaked"),
        # a fall through a hatch (not plans that fell through), a relapse after time clean
        ("major_trauma", "I fell through the loft hatch onto the landing, about 3 metres"),
        ("infection_signs", "clean for a year but relapsed and injected on friday, back agony"),
        # rest that does not help, the verb left out or the resting named with another thing
        ("weight_loss_or_night_pain", "every night the pain, the rest not help, he walks about"),
        (
            "weight_loss_or_night_pain",
            "at night lying down or turning over makes no difference, the pain is awful",
        ),
        ("weight_loss_or_night_pain", "he's got so thin and hasn't been trying to lose weight"),
        # a small fall with thin bones, minimised
        ("fragility_fracture_risk", "I've got osteoporosis and slid off the sofa, not a big fall"),
        # one leg and its weakness a few words apart
        ("one_leg_nerve_symptoms", "my right leg has been giving out on me lately, feels weak"),
    ],
)
def test_signs_told_as_absences_minimised_or_in_few_words_are_reports(
    engine: RedFlagEngine, flag: str, text: str
) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT
    assert flag in decision.flags


@pytest.mark.parametrize(
    "text",
    [
        # Stop 42 (own wording): nearness, plans, going out, a small fall said so, a sentence
        # ended by voice ("full stop") before the next one starts.
        "the lorry couldn't get close so I carried the boxes in, now my back's in spasm",
        "our plans fell through so I spent the day gardening and my back has seized",
        "didn't feel like I needed to go to the gym today, back's stiff",
        "tripped on the kerb, not a big fall, just sore in the lower back",
        "I used the heat pack again last night, is that ok",
    ],
)
def test_nearness_plans_going_out_and_small_falls_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome == Outcome.UNCHANGED


@pytest.mark.parametrize(
    "text",
    [
        # Stop 43 (own wording, after round 35 dev): signs told in everyday words.
        "since wednesday my wee just comes away on its own, I'm having to wear pads",
        "my willy's stopped working since my back went, sorry to be blunt",
        "the little fella downstairs hasn't been working since the spasm started",
        "sudden awful pain in my back and tummy, I'm light-headed and my skin's cold and clammy",
        "when I go nothing happens, I've been straining for an hour",
    ],
)
def test_everyday_words_for_cauda_equina_and_aneurysm_signs_are_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).urgency == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # Stop 43 (own wording, after round 35 dev): things that collapse, a likeness, a low
        # fall off the bed, "when I go" to a place or into a movement, a damp house.
        "the gazebo collapsed in the wind and I hurt my back dragging it in",
        "my back feels like it was in a train crash, it wasn't, I just slept on the sofa",
        "I slid off the edge of the sofa onto the rug last night, back is sore",
        "when I go down into prostration my back catches and I can't get up easily",
        "when I go to the shops I can't carry much, my back spasms",
        "our flat is cold and damp, could that cause back spasms?",
        "tried an ice bath after the match and couldn't stop shivering, back still tight",
    ],
)
def test_collapsed_things_likenesses_low_falls_and_outings_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome != Outcome.REPORT


def test_spoken_punctuation_ends_a_sentence() -> None:
    from components.red_flag_text import normalise

    said = "no fever full stop my legs are fine question mark thanks"
    assert normalise(said, 1000).text.split() == [
        "no", "fever.", "my", "legs", "are", "fine?", "thanks",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        # Stop 44 (own wording, after round 36 dev): a fall down a flight of steps, a hard ball
        # that hit the spine, jelly legs likened to leg day, "if anything a bit worse".
        ("major_trauma", "slipped and fell down the whole flight of concrete steps at work"),
        ("major_trauma", "got a hockey ball straight in the lower back at training, agony"),
        (
            "both_legs_weak_or_numb",
            "both legs gone wobbly since this morning, like after leg day but I've not trained",
        ),
        (
            "spasm_persistent_or_worsening",
            "spasm for 5 days now and if anything it's a bit worse each morning",
        ),
    ],
)
def test_steps_hard_balls_likened_leg_day_and_a_hedged_worse_are_reports(
    engine: RedFlagEngine, flag: str, text: str
) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT
    assert flag in decision.flags


@pytest.mark.parametrize(
    "text",
    [
        # Stop 44 (own wording, after round 36 dev): a drop of centimetres, a checklist's
        # "never had it", a cricket ball bowled.
        "hopped off the kerb, maybe 15cm down, and my back twinged",
        "- numbness: none\n- cancer: never had it\njust a sore back since yesterday",
        "bowling cricket balls all afternoon and my back is tight",
        "my back went into spasm at the hairdresser's, the chair was tilted back for ages",
    ],
)
def test_a_drop_of_centimetres_a_checklist_and_bowling_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome != Outcome.REPORT


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        # Stop 45 (own wording, after round 37 dev): saddle numbness told as "I feel very
        # little" or in learners' English at the toilet paper, the penis in lay words, a fever
        # in the writer's own language.
        ("saddle_numbness", "my bottom and between my legs, I feel very little when I touch"),
        ("saddle_numbness", "after toilet when i clean with the tissue i no feel anything"),
        ("sexual_function_loss", "since the spasm my willy has stopped working, bit embarrassing"),
        ("infection_signs", "back spasm since tuesday and now koorts, I shake all over"),
        # the other leg now too, with the sign in the sentence's next clause
        ("both_legs_weak_or_numb", "now it's the left leg too, and they both feel so heavy"),
        ("both_legs_weak_or_numb", "stood up and my legs went like overcooked noodles"),
        (
            "spasm_persistent_or_worsening",
            "it began on the 2nd and it's the 8th now, I hoped it would settle",
        ),
    ],
)
def test_saddle_signs_lay_words_for_the_penis_and_a_fever_in_ones_own_language_are_reports(
    engine: RedFlagEngine, flag: str, text: str
) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT
    assert flag in decision.flags


@pytest.mark.parametrize(
    "text",
    [
        # Stop 45 (own wording, after round 37 dev): a question answered "I don't" at its
        # end, "back from" a trip opening the message, "what if" with an example after a comma.
        "the 111 nurse asked if I had any numbness around my bottom and I don't. back is stiff",
        "Back from a week at my sister's. Lower back tight since yesterday, which stretch?",
        "if I ever did get what my gran had, like not being able to pee, what would I do?",
        # the advice said back (live test, round 37, reworded)
        "ok understood, same day for a fever. thanks for that, bye",
    ],
)
def test_a_question_answered_no_a_trip_home_and_a_what_if_with_an_example_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome != Outcome.REPORT


def test_i_dont_know_after_a_sign_is_no_denial(engine: RedFlagEngine) -> None:
    text = "I have numbness around my bottom and I don't know what to do"
    assert reported(engine, text).outcome == Outcome.REPORT


def test_between_the_legs_is_the_saddle_and_left_and_right_is_both_legs(
    engine: RedFlagEngine,
) -> None:
    # Stop 45: a term inserted in the middle of LEGS_BOTH took its exclusions and its last
    # patterns; only the end-to-end run saw "numb between my legs" become both legs too.
    saddle = reported(engine, "I feel numb between my legs since this morning")
    assert saddle.flags and "both_legs_weak_or_numb" not in saddle.flags
    for text in ("numb in my left and right leg", "weakness below my waist", "bilateral numbness"):
        assert "both_legs_weak_or_numb" in reported(engine, text).flags, text


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        # Stop 46 (own wording): a split, sound-alike word; "week" for weak; a treatment that
        # is not working is not the cause of the numbness.
        ("fragility_fracture_risk", "I have oster porosis and slipped off the kerb, back agony"),
        ("both_legs_weak_or_numb", "both legs feel so week and numb, heat pack isn't helping"),
        ("both_legs_weak_or_numb", "both my legs are numb and the ice isn't working"),
    ],
)
def test_sound_alike_words_and_a_treatment_that_fails_are_reports(
    engine: RedFlagEngine, flag: str, text: str
) -> None:
    assert flag in reported(engine, text).flags


def test_numb_legs_from_an_ice_pack_are_still_explained_by_it(engine: RedFlagEngine) -> None:
    assert (
        "both_legs_weak_or_numb"
        not in reported(engine, "both legs went numb from the ice pack").flags
    )


@pytest.mark.parametrize(
    "text",
    [
        # R38 dev (reworded): a burst hot water bottle, a mistaken fright, legs said to be fine.
        "my hottie burst overnight and the sheets were soaked, thought I'd wet myself at first",
        "the water bottle split in the night, I woke up wet, back still stiff",
        "legs are both fine, I walked to the shop no problem",
        "legs both fine, no numbness anywhere",
    ],
)
def test_a_burst_bottle_a_mistaken_fright_and_legs_both_fine_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome != Outcome.REPORT


def test_waking_wet_with_no_bottle_to_blame_is_still_a_report(engine: RedFlagEngine) -> None:
    assert "bladder_bowel_control" in reported(engine, "woke up soaked again, no idea why").flags


@pytest.mark.parametrize(
    "text",
    [
        # R38 dev (reworded): the bone tablets and "bones thinning" are osteoporosis.
        "she takes alendronic acid weekly and slid off the sofa onto her bottom, back hurts",
        "his bones are thin, the consultant said, and he slipped on the bathroom floor today",
    ],
)
def test_bone_tablets_and_thinning_bones_with_a_small_fall_are_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert "fragility_fracture_risk" in reported(engine, text).flags


def test_sciatica_said_of_the_upper_body_is_not_a_leg(engine: RedFlagEngine) -> None:
    # R38 dev (reworded): the word used loosely, for a shoulder blade.
    upper = reported(engine, "my sciatica has moved up into my shoulder blade, back in spasm")
    assert "one_leg_nerve_symptoms" not in upper.flags
    leg = reported(engine, "sciatica down my left leg and my neck is stiff too")
    assert "one_leg_nerve_symptoms" in leg.flags


def test_weight_lost_without_dieting_is_still_unexplained(engine: RedFlagEngine) -> None:
    for text in (
        "he's getting so thin and he isn't dieting at all",
        "lost a stone, no dieting",
        "dropped 5kg without even dieting",
    ):
        assert "weight_loss_or_night_pain" in reported(engine, text).flags, text
    assert reported(engine, "lost 2 stone dieting this year, spasm after squats").flags == ()


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        # Stop 48 (own wording, after round 40 dev): a typed drug name, an episode compared
        # with last year's, a cause the patient only asks about.
        ("on predisolone for years, sneezed and felt a crak", "fragility_fracture_risk"),
        ("same as last year but this time tingling down my right leg", "one_leg_nerve_symptoms"),
        ("numb patch between my legs since lunch, could that be from the ice?", "saddle_numbness"),
        # an aside at the end of numbered questions (round 40 dev, reworded)
        ("oh and weeing is odd, I wait ages and nothing comes", "bladder_bowel_control"),
    ],
)
def test_a_typed_drug_an_episode_like_last_years_and_a_cause_asked_are_reports(
    engine: RedFlagEngine, text: str, flag: str
) -> None:
    assert flag in reported(engine, text).flags


@pytest.mark.parametrize(
    "text",
    [
        # Stop 48 (own wording, after round 40 dev): a stay abroad, a toddler's wet bed, an
        # episode last spring that is over.
        "I'm in Lanzarote for 2 weeks and my back twinged lifting the suitcase, any tips?",
        "toddler wet the bed at 3am, changed the sheets half asleep and tweaked my back",
        "last April I had sciatica down my left leg for a month, this time it's only my back",
        # live test, stop 48 (reworded): someone else wakes them, a baby's age, a holiday's
        # length, incontinence known before, the writer's own words called a figure of speech
        "it's the twins waking me at night, not my back, it's only stiff when I bend",
        "new dad here, baby is 5 weeks, pulled my back bending over the cot this morning",
        "back from 3 weeks in Portugal yesterday, did my back in with the luggage",
        "she is already incontinent, wears pads, how would we notice anything new?",
        "the wet myself thing was a joke, waterworks fine, just a stiff back",
        "peed fine this morning, nothing comes of worrying about it",
    ],
)
def test_a_stay_a_toddlers_wet_bed_and_last_aprils_sciatica_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome != Outcome.REPORT


def test_shivering_with_the_heating_on_is_still_a_fever_sign(engine: RedFlagEngine) -> None:
    # A cold house explains shivering only when the heating is off or broken (round 5 dev,
    # reworded, after the cold-house words of round 41 first took it away).
    text = "my back is sore and I'm shivering even with the heating on"
    assert "infection_signs" in reported(engine, text).flags
    assert reported(engine, "the boiler died so I was shivering, back stiff").outcome == (
        Outcome.UNCHANGED
    )


def test_what_was_noticed_only_later_is_not_denied(engine: RedFlagEngine) -> None:
    # Round 42 dev (reworded): "didn't ... till I felt" denies the noticing, not the sign;
    # "until" before something still to come stays in the denial.
    assert engine.word_status("I didn't notice a thing till I felt wet", ["wet"]) == (Status.REPORT)
    assert engine.word_status("I don't have numbness until it gets worse", ["numbness"]) == (
        Status.NEGATED
    )


@pytest.mark.parametrize(
    "text",
    [
        # Round 42 (live test and dev, reworded): "sciatica" used loosely with the legs said to
        # be fine; how long a chore took, not the spasm.
        "is it sciatica or a disc? it's across my lower back, no leg pain whatsoever",
        "maybe a trapped nerve, nothing going down my legs though, just the low back",
        "I was hoovering for ages, now my back's gone into spasm",
    ],
)
def test_loose_sciatica_with_fine_legs_and_a_long_chore_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome != Outcome.REPORT


@pytest.mark.parametrize(
    "text",
    [
        # Round 43 dev (reworded): soreness of another part for days is not the spasm lasting.
        "got a sore throat for 4 days now, is it worth seeing the GP?",
        "sore gums for a week, my back is fine",
    ],
)
def test_another_part_sore_for_days_is_not_a_lasting_spasm(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome != Outcome.REPORT


def test_the_back_sore_for_days_is_still_a_lasting_spasm(engine: RedFlagEngine) -> None:
    decision = reported(engine, "my back's been sore for 5 days")
    assert "spasm_persistent_or_worsening" in decision.flags


def test_a_condition_that_lists_signs_keeps_the_list_inside_the_condition(
    engine: RedFlagEngine,
) -> None:
    # Round 43 dev (reworded): advice copied from a web page lists the signs after "if".
    text = "the leaflet says get help if the pain is bad, lasting, or with tingling, or weak legs"
    assert engine.word_status(text, ["weak", "legs"]) == Status.HYPOTHETICAL
    # A subject after the comma starts the main clause: what happens when the patient sits.
    assert engine.word_status("if I sit for long, my legs both go numb", ["numb"]) == (
        Status.REPORT
    )


@pytest.mark.parametrize(
    "text",
    [
        # Round 43 dev (reworded): retention told at a urinal, and as bursting but not going.
        "I waited at the urinal for ages at the station and nothing came out",
        "back's been in spasm since the lifting, and now I'm bursting but I can't go",
    ],
)
def test_retention_at_a_urinal_or_bursting_but_not_going_is_an_emergency(
    engine: RedFlagEngine, text: str
) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT and "bladder_bowel_control" in decision.flags


def test_bursting_but_not_able_to_go_somewhere_is_no_report(engine: RedFlagEngine) -> None:
    text = "I'm bursting but can't go out tonight because of the kids, my back's sore"
    assert "bladder_bowel_control" not in reported(engine, text).flags


def test_a_seat_gone_numb_that_goes_when_standing_is_no_saddle_sign(engine: RedFlagEngine) -> None:
    # Round 43 live test (reworded): the bottom numb from a hard chair, gone on standing, was
    # sent to 999 three times.
    text = "my backside goes numb on the office chair, but it goes as soon as I stand up"
    assert "saddle_numbness" not in reported(engine, text).flags
    # Back again after standing, or there all the time, it is.
    text = "numb around my bottom since lunch, it went when I stood up but came back"
    assert "saddle_numbness" in reported(engine, text).flags


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        # Round 44 dev (reworded): typed on a phone, and thin bones with a jolt or a pop.
        ("back in spasm since friday and now i cant get an erectoin", "sexual_function_loss"),
        (
            "I have osteoporosis and heard a pop in my back reaching for a pan",
            "fragility_fracture_risk",
        ),
        (
            "I'm on steroids for years. Missing the last stair this morning, landing hard, "
            "now my back is in agony",
            "fragility_fracture_risk",
        ),
    ],
)
def test_typed_and_lay_forms_of_a_sign_are_reports(
    engine: RedFlagEngine, text: str, flag: str
) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT and flag in decision.flags


def test_a_first_week_back_at_an_activity_is_no_lasting_spasm(engine: RedFlagEngine) -> None:
    # Round 44 dev (reworded): a return to the gym, not a spasm lasting a week.
    text = "first week back at the gym, my back went into spasm yesterday, what should I do?"
    assert "spasm_persistent_or_worsening" not in reported(engine, text).flags


def test_is_it_normal_that_it_is_still_bad_after_days_is_a_report(engine: RedFlagEngine) -> None:
    # Round 44 dev (reworded): the question itself tells of a spasm still going on.
    text = "is it normal that the spasm is still this severe after 6 days? I can't bend at all"
    assert "spasm_persistent_or_worsening" in reported(engine, text).flags
    # Without "still" and a time, a question whether something is normal stays a question.
    assert reported(engine, "is it normal for a spasm to be severe?").outcome != Outcome.REPORT


def test_a_sign_denied_in_the_writers_own_language_is_denied(engine: RedFlagEngine) -> None:
    # Round 44 dev (reworded): English mixed with German or Dutch.
    for text in ("back sore after the move, kein Fieber, legs fine", "geen koorts, just stiff"):
        assert "infection_signs" not in reported(engine, text).flags


def test_a_spasm_expected_to_be_gone_by_now_is_lasting_not_resolved(
    engine: RedFlagEngine,
) -> None:
    # Round 44 dev (reworded): "thought it'd be gone by now" read as "gone".
    text = "Since last Tuesday, and today's Sunday. Honestly thought it'd be gone by now"
    assert "spasm_persistent_or_worsening" in reported(engine, text).flags
    text = "back spasm for 6 days but it's gone now, thankfully"
    assert "spasm_persistent_or_worsening" not in reported(engine, text).flags


@pytest.mark.parametrize(
    "text",
    [
        # Round 44 dev (reworded): the seat of the body told by what sits, and a part that
        # feels as if it is not there.
        "since lunch the part I sit on feels like it isn't there",
        "my bum feels like it's not even there since this morning",
    ],
)
def test_a_seat_that_feels_absent_is_saddle_numbness(engine: RedFlagEngine, text: str) -> None:
    assert "saddle_numbness" in reported(engine, text).flags


def test_a_slow_start_and_not_emptying_are_retention(engine: RedFlagEngine) -> None:
    # Round 44 live test (reworded): the waterworks "take ages to get going", not emptying.
    text = (
        "since the back went my waterworks are off, takes ages to get going and I'm not "
        "emptying properly"
    )
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT and "bladder_bowel_control" in decision.flags
    assert "bladder_bowel_control" not in reported(engine, "my back takes ages to get going").flags


def test_how_often_a_sport_is_played_is_no_lasting_spasm(engine: RedFlagEngine) -> None:
    # Second live test, round 44 (reworded): "twice a wk" read as a spasm lasting a week.
    text = "got a back spasm after football, i play 5 a side twice a wk"
    assert "spasm_persistent_or_worsening" not in reported(engine, text).flags


def test_numbness_that_does_not_go_when_standing_is_not_from_sitting(
    engine: RedFlagEngine,
) -> None:
    # Round 48 dev (reworded): "doesn't go away when I stand up" read as the sitting kind.
    text = (
        "my bits down below feel kind of asleep, like after sitting too long, only it doesn't "
        "go away when I stand"
    )
    assert "saddle_numbness" in reported(engine, text).flags
    text = "my bum goes numb on long drives but it goes away as soon as I stand up"
    assert "saddle_numbness" not in reported(engine, text).flags


def test_a_jolt_with_osteoporosis_is_the_fracture_risk_without_a_fall(
    engine: RedFlagEngine,
) -> None:
    # Round 48 dev (reworded): "jarred down onto my heel, did not fall" was negated as a fall.
    text = (
        "I'm 79 with osteoporosis. Missed my footing on the step and jarred my whole spine, "
        "didn't actually fall, but my mid back is agony since"
    )
    assert "fragility_fracture_risk" in reported(engine, text).flags


def test_a_cold_sweat_at_a_price_is_fright_not_the_heart(engine: RedFlagEngine) -> None:
    # Round 48 dev (reworded): the idiom about a bill.
    text = "came out in a cold sweat at the price of a massage lol, what can I do at home?"
    assert "chest_pain_or_breathless" not in reported(engine, text).flags
    text = "came out in a cold sweat and my chest feels tight"
    assert "chest_pain_or_breathless" in reported(engine, text).flags


def test_the_equipment_not_working_is_loss_of_sexual_function(engine: RedFlagEngine) -> None:
    # Round 48 dev (reworded): a euphemism; the gym's equipment is not one.
    text = "bit embarrassing but since my back went my tackle hasn't been working, any ideas?"
    assert "sexual_function_loss" in reported(engine, text).flags
    text = "the equipment at the gym isn't working so I do my stretches at home"
    assert "sexual_function_loss" not in reported(engine, text).flags


def test_things_not_working_down_there_is_loss_of_sexual_function(engine: RedFlagEngine) -> None:
    # Round 49 dev (reworded): a euphemism, and "can't" typed fast.
    text = "awkward one, since the spasm stuff doesn't work down there at all, u know what i mean"
    assert "sexual_function_loss" in reported(engine, text).flags
    text = "sorry to ask but since i hurt my back i cnt get hard, is that the nerves?"
    assert "sexual_function_loss" in reported(engine, text).flags
    text = "everything works down there, it's just my back that's stuck"
    assert "sexual_function_loss" not in reported(engine, text).flags


def test_a_spasm_not_passing_after_days_is_a_persistent_spasm(engine: RedFlagEngine) -> None:
    # Round 49 dev (reworded): non-native English, "not passing" is the symptom, no denial.
    text = "my back cramp is not passing, 6 days already, please advise"
    assert "spasm_persistent_or_worsening" in reported(engine, text).flags


def test_a_crash_in_a_video_game_is_no_accident(engine: RedFlagEngine) -> None:
    # Round 49 dev (reworded): the crash was on a screen; the fall off a sofa is small.
    text = "crashed so hard on mario kart I fell off the beanbag and tweaked my back, how long?"
    assert "major_trauma" not in reported(engine, text).flags
    text = "crashed my motorbike into a van on the way home, my back is agony"
    assert "major_trauma" in reported(engine, text).flags


def test_a_leg_gone_dead_after_ages_on_the_toilet_is_positional(engine: RedFlagEngine) -> None:
    # Round 49 dev (reworded): one leg asleep after a long sit; the saddle is still a report.
    text = "spasm since this morning. sat on the toilet reading for ages and my left leg went dead"
    assert "one_leg_nerve_symptoms" not in reported(engine, text).flags
    text = "sat on the toilet for ages and now I can't feel my bum at all"
    assert "saddle_numbness" in reported(engine, text).flags


def test_one_legs_path_from_one_buttock_is_not_the_saddle_area(engine: RedFlagEngine) -> None:
    # Round 51 dev (reworded): sciatica "from my left buttock down the back of the thigh" was
    # read as saddle numbness, an emergency.
    text = "ever since, pins and needles run from my right buttock down into the calf"
    flags = {f.flag_id for f in engine.detect(text).findings}
    assert "saddle_numbness" not in flags


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        # Live test, round 52 (reworded): "too" as well as the back is one leg, not both.
        ("bad back. and pins and needles down my right leg too", "soon"),
        ("numbness down the side of my left thigh as well, 5 days now", "soon"),
        # ... the other side named before it is both.
        ("numb in my left foot since monday and now the right leg as well", "emergency"),
        ("was just the right side but now the left leg too, and they both feel dead", "emergency"),
    ],
)
def test_one_leg_too_is_one_leg_unless_the_other_side_was_named(
    engine: RedFlagEngine, text: str, urgency: str
) -> None:
    assert reported(engine, text).urgency == urgency


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        # Round 53 dev (reworded): a verb joined to the subject by "and" is told, not asked; a
        # weight and its unit typed as one word; a massive hit in a match.
        (
            "Gran is 90 and has osteoporosis. She sat down hard on the step and her back's agony",
            "fragility_fracture_risk",
        ),
        ("lost 12lbs without even trying, and my back aches", "weight_loss_or_night_pain"),
        ("massive hit in the scrum, sharp pain right on my spine since", "major_trauma"),
    ],
)
def test_signs_told_with_a_joined_verb_a_joined_unit_or_a_massive_hit_are_reports(
    engine: RedFlagEngine, text: str, flag: str
) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT
    assert flag in decision.flags


@pytest.mark.parametrize(
    "text",
    [
        # ... and a knock is not a massive hit; "has" after "and" with a question mark still asks
        "took an elbow in my lower back at netball, bit achy today, heat or ice?",
        "and has osteoporosis got anything to do with back spasms?",
        # the relative of the person written about ("His brother had ...") is not that person
        "Asking for my dad. He's got a back spasm from the garden. His sister had breast "
        "cancer but he's never had anything like it",
    ],
)
def test_a_knock_a_question_and_a_relatives_relative_are_not_reports(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome == Outcome.UNCHANGED


def test_what_counts_as_a_sign_asks_what_the_sign_is(engine: RedFlagEngine) -> None:
    # Round 53 dev (reworded): read as a question about the writer's own sign, which a sure
    # DIET intent rescues as a report; it asks what the sign is.
    detection = engine.detect("and what counts as tingling down there, exactly? how would I know")
    assert [f.status for f in detection.findings] == [Status.HYPOTHETICAL]


def test_how_long_told_in_a_sentence_of_its_own_is_the_spasms_length(
    engine: RedFlagEngine,
) -> None:
    # Round 53 dev (reworded): the answer to "how long?" typed alone, after the spasm named in
    # the turn before (the detector reads the turns together); a short wait is no flag.
    decision = reported(engine, "spasm in my back. heat or ice. 6 days.")
    assert decision.flags == ("spasm_persistent_or_worsening",)
    assert reported(engine, "spasm in my back. heat or ice. 2 days.").outcome == Outcome.UNCHANGED

"""components.red_flag_experiencer: whose symptom, and is it over?"""

from __future__ import annotations

from typing import List

import pytest

from components.red_flag_detector import key_word_span
from components.red_flag_engine import DEFAULT_SPACY_MODEL, RedFlagEngine
from components.red_flag_experiencer import Experiencer
from components.red_flag_findings import Finding
from components.red_flag_scope import Status


def kept(engine: RedFlagEngine, text: str) -> List[str]:
    """The flags the rules report in `text` that the experiencer keeps as the patient's."""
    findings: List[Finding] = [
        f for f in engine.detect(text).findings if f.status in (Status.REPORT, Status.UNCERTAIN)
    ]
    assert findings, f"the rules found nothing in {text!r}"
    return [f.flag_id for f in Experiencer(DEFAULT_SPACY_MODEL).keep(text, findings, {})]


@pytest.mark.parametrize(
    "text",
    [
        # A relative's own risk factor, the writer's own ordinary spasm.
        "my sister has osteoporosis and slipped on ice; I'm 30 and just tweaked my back at the gym",
        "nan has brittle bones and had a fall, I'm asking about my own back, pulled it gardening",
        "my father is having chemotherapy; I strained mine carrying his bags",
        # A relative's emergency sign that is in the past.
        "my brother had numbness in both legs last year after surgery, my back is just stiff",
        "me mam had numbness in both legs and had an op; I've only got a stiff lower back",
        # The writer's own, as a child.
        "wet the bed until I was about 7, nothing since. now a back spasm",
        "had a kidney infection with a fever in May, antibiotics cleared it, I'm back to normal",
        # A relative's own episode or condition, the writer's own back.
        "my brother lost control of his bladder after his stroke; my bladder is fine, just a spasm",
        "my husband has MS and his legs go numb a lot, mine are fine, I've got a stiff back",
        # Stop 41 (own wording): "diabetic" before the relative's neuropathy.
        "Mum's got diabetic neuropathy, both her feet are numb. I just tweaked my back lifting",
        "Mum and dad are both diabetic and have numb feet. I'm the one with the back spasm",
        "my partner is pregnant and both her legs go numb in the bath, the midwife said that's "
        "normal. this is about my own back spasm though",
        "mum has type 1 diabetes and gets numb feet - i don't. is a spasm worse with diabetes?",
        "my aunt got foot drop after a disc prolapse, I'm walking fine, is it in families?",
        # An animal's.
        "my old dog wet the bed again and I hurt my back lifting the duvet",
        "our cat has a fever and I've pulled my back taking her to the vet",
        # A relative's relative is never the patient the writer reports for.
        "my wife's grandad was paralysed in both legs by a spine tumour; hers is just a spasm",
        # A child's fever, the writer's own back.
        "my kids have a temperature and I've done my back carrying them upstairs",
        # A relative's past emergency, told by a writer whose own back is ordinary.
        "my uncle had cauda equina 3 yrs ago; mine is only a stiff neck from the sofa",
        "brother-in-law has osteoporosis and cracked a vertebra in a tiny fall. not to do with me",
        # A carer's own back; the relative's sign is long-standing.
        "gran has dementia and often wets herself, lifting her has given me back spasms",
        "my uncle's foot drags since his stroke, helping him up the stairs is wrecking my back",
        # ... or was explained by a stroke, the writer says it is not theirs (live test, reworded)
        "grandad's legs both went weak once, that was a stroke, not to do with me. stretches?",
        # The writer's own, over: "it's gone since", "came right", "then it stopped".
        "I had tingling down my left leg in march after a long drive, then it stopped. a spasm now",
        # The writer left out of their own sentence: "Got a spasm ..." is the writer's.
        "my brother has osteoporosis and broke a bone bending over. I'm 39. Got a spasm hoovering",
        # ... or "pulled something" (stop 48, own wording after round 39 dev)
        "my aunt has osteoporosis and cracked a rib sneezing. I'm 31. pulled something at netball",
        # Over long ago, told by the decade: "in my thirties ... fine for years".
        "in my thirties I went through a patch where both legs felt weak, been fine for years",
        # A relative's illness, and no back, spasm or pain in the message at all.
        "my son has had a high temperature since sunday and I'm exhausted",
        # Round 32 dev (reworded): "she's not the one with it", a sign from her diabetes; an
        # episode that treatment fixed, with a "now" in brackets that is not about it.
        "dad's 79 with numb feet from his diabetes, but he's not the one with the spasm, I am",
        "after my first child (he's 7 now) I had bladder leaks for a while, the physio fixed it "
        "and I've been totally fine for years. spasm since the weekend",
        # Stop 42 (own wording, after round 34 dev): "she" in the sentence after "my nan",
        # long-standing.
        "I care for my nan. She has been incontinent for years so I lift her a lot and my back "
        "has gone into spasm",
        # Stop 43 (own wording, after round 35 dev): a relative's long-standing condition under
        # a specialist.
        "mum has spinal stenosis and her legs go numb when she walks far, she's under the "
        "consultant. I'm asking for me, 50, spasm since this morning",
        # Stop 44 (own wording, after round 36 dev): a carer's daily work; the relative named
        # before the clause, with or without "my".
        "I look after my dad who has Parkinson's. He's doubly incontinent so there's lots of "
        "lifting, and now my lower back keeps seizing",
        "Nana's carer here, asking about me not her - she has bladder leaks (long-standing, "
        "the GP knows). I pulled my back turning her",
        # Stop 48 (own wording, after round 40 dev): a relative's incontinence as a state.
        "my grandad is incontinent and I do his care, the lifting gives me back spasms, today's "
        "started this morning",
        # Stop 45 (own wording, after round 37 dev): the writer's own "since last night" in the
        # sentence is not the relative's new sign; a stranger's faint or fall.
        "my uncle has MS and his legs give way, which worries me as my back's sore since last "
        "night",
        "on the train a woman fainted next to me and I've had a stiff back since I caught her",
        "A lad at the skatepark fell off the roof of the shelter onto concrete. I twisted my back "
        "helping him up",
        # Round 48 dev (reworded): a nurse's or carer's patient, not the writer.
        "one of my residents fainted on the ward last night and I took her weight, my lower back "
        "has been in spasm since",
        # Live test 49 (reworded): a relative's story told in the past, the writer has none of it.
        "With grandad it began with his legs going numb and he couldnt wee. I have none of "
        "that, so what helps mine, heat?",
        # Round 49 dev (reworded): a child's bedwetting a doctor explained; a pupil's fall on a
        # school trip; a sibling's old operation, with the writer's denial.
        "my daughter (9) still wets the bed sometimes, the GP says she'll grow out of it. I've "
        "had a back spasm since last night, ice or heat?",
        "on the school trip one of the pupils fell off the bouldering wall (he was fine) and my "
        "back's in spasm from carrying the mats",
        "My sister had cauda equina surgery last spring so I worry. I don't have any of her "
        "symptoms, just a sore back from the garden",
        # Round 49 dev (reworded): a diabetic writer's feet that feel little heat, a heat pad asked.
        "I'm type 1 diabetic so my feet don't feel the cold much, would a heat pad on my back "
        "be safe?",
        # Live test 50 (reworded): the writer asks whether a relative's history is theirs.
        "my grandma had osteoporosis and cracked her spine lifting a kettle, could that be "
        "what's going on with me? I'm 31",
        # Round 51 dev (reworded): a child's condition from birth, the carer's own back asked.
        "my daughter needs a wheelchair, she's had no feeling in her legs since she was born. "
        "lifting her has put my own back in spasm today, how do I protect it?",
        # Round 53 dev (reworded): a relative's long-standing condition, waiting for an
        # operation, or told with the possessive's apostrophe left out.
        "my husband has had numbness in both feet for months, he's on the list for surgery. "
        "I've done my own back in helping him up the stairs",
        "mums got MS and shes always weak and tingly in both legs. my back's gone this "
        "morning, could it be the start of MS? I'm fine otherwise",
    ],
)
def test_a_relatives_own_condition_is_set_aside(engine: RedFlagEngine, text: str) -> None:
    assert kept(engine, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "when I was a teenager I had glandular fever, now just a stiff back since yesterday",
        "back in uni I had a fever and a bad back for weeks; this twinge is new since yesterday",
    ],
)
def test_the_writers_own_fever_long_ago_is_no_report(engine: RedFlagEngine, text: str) -> None:
    # The fever rule's own exception (LONG_AGO) sets it aside before the experiencer reads it.
    assert "infection_signs" not in {f.flag_id for f in engine.detect(text).findings}


@pytest.mark.parametrize(
    "text",
    [
        # A relative reporting an emergency now is a report, even from a writer with a sore back.
        "my son came off his motorbike and cannot feel his legs, my back hurts from lifting him",
        # Osteoporosis found years ago is still there: the strain is what is new.
        # So is a transplant's immunosuppression.
        "I had a kidney transplant 3 years ago and I'm on tacrolimus, new back pain today",
        # live test, stop 44 (reworded): the operation was years ago, the spasms are now
        "had a laminectomy in 2017 and was fine until about ten days ago when the spasms came back",
        "told I had osteoporosis years ago; yesterday I lifted the shopping and felt a crack",
        # ... in lay words (round 30 dev, reworded)
        "they found thinning bones two years ago; this morning I bent for the cat bowl, crack",
        # A relative with a lasting condition and a new emergency sign now.
        "my dad has diabetes and since this morning he can't feel his legs",
        "mum has dementia and suddenly wet herself twice, my back hurts from lifting her",
        "dad has parkinsons and all of a sudden his legs gave way, I pulled my back catching him",
        "my dad is diabetic and since this morning he can't feel his legs, his back is agony",
        # A relative's relative now: the writer may be reporting for them.
        "my wife's dad has sudden agony in his back and belly and feels faint, my back is fine",
        "my wife has crushing chest pain going down her arm and my back is aching too",
        # The patient's own, with a relative mentioned.
        "my mum is visiting and I have lost control of my bladder since this morning",
        # An animal that is not the subject of the symptom.
        "the dog tripped me and I fell down the stairs onto my back",
        # The years ago belong to the cancer; the dragging foot is now, in its own clause.
        "treated for bowel cancer 6 years ago, now my right foot keeps dragging",
        # A relative names what the writer has: the writer's own.
        "my daughter keeps saying I've lost weight, 5 kilos since summer without trying",
        # No back word, but an emergency sign of a relative's is still reported.
        "my dad can't feel either of his legs since this morning",
        # A relative's fever with their back in the message: the relative may be the patient.
        "my husband has a fever and shivers and his back is in agony",
        # An animal the person came off is the cause, not the one with the sign (stop 41, own
        # wording).
        "my son was thrown from his horse an hour ago and landed hard on his back",
        # A stranger named, the writer's own sign (stop 45, own wording).
        "a man pushed past me and I fell down the stairs, landed on my back",
        # An animal that did it to the writer (round 40 dev, reworded).
        "a cow pinned me against the gate yesterday and slammed me into the bars, back agony",
        # A carer whose own back hurts, and the relative's new fall today (stop 48, own wording)
        "my nan has osteoporosis and slipped in the bathroom this morning, her back is agony. I "
        "pulled a muscle getting her up",
        # The writer has none of it, but the relative's signs are now, not a story (stop 58).
        "my grandad can't wee and both his legs are numb. I've got none of that, what do we do",
        # A diabetic writer's new numbness, or legs, is still a report.
        "I'm diabetic and since this morning my feet are numb and both legs are weak",
        # A relative named just before a sign now is still a report about them.
        "my son (16) still can't feel his legs since he fell off the trampoline this morning",
    ],
)
def test_a_relatives_emergency_now_or_the_patients_own_is_kept(
    engine: RedFlagEngine, text: str
) -> None:
    assert kept(engine, text)


def test_a_stranger_who_caused_the_writers_trauma_does_not_set_it_aside(
    engine: RedFlagEngine,
) -> None:
    text = "a bloke rear-ended me at 40mph and now my back and neck are agony"
    assert "major_trauma" in kept(engine, text)


def test_an_episode_that_passed_after_some_days_is_over(engine: RedFlagEngine) -> None:
    text = "had tingling down one leg in march, it settled after a few days. now a stiff back"
    assert kept(engine, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # Stop 41 (own wording): over "after" something, or "all better" now.
        "I had numbness in both legs while pregnant with my son, it went after the birth. "
        "Now just a spasm from gardening.",
        "had the flu with a high fever a fortnight ago, all better now, back twinging today",
        # Stop 44 (own wording, after round 36 dev)
        "After my second baby I had some bladder leaking, all sorted after pelvic floor physio. "
        "Today I hurt my back lifting the washing basket",
    ],
)
def test_a_sign_that_went_after_an_event_or_is_all_better_is_over(
    engine: RedFlagEngine, text: str
) -> None:
    assert kept(engine, text) == []


def test_a_mention_inside_the_models_sentence_for_another_flag_keeps_its_own_reading(
    engine: RedFlagEngine,
) -> None:
    # The model's finding (no span) is read over its sentence, which contains the rule's
    # mention: the two are read apart, so the relative's past condition is still set aside.
    text = (
        "my dad had cauda equina years ago and had surgery. i've got back spasms now after "
        "deadlifting, should i be worried it's the same"
    )
    rule = [f for f in engine.detect(text).findings if f.status == Status.REPORT]
    assert [f.flag_id for f in rule] == ["saddle_numbness"]
    model = Finding("cancer_history", "urgent", Status.UNCERTAIN, 0, 0)
    keep = Experiencer(DEFAULT_SPACY_MODEL).keep(text, [*rule, model], {"cancer_history": (0, 50)})
    assert "saddle_numbness" not in [f.flag_id for f in keep]


def test_a_model_flag_is_read_at_its_key_words_so_a_relative_around_them_counts() -> None:
    text = "my mum died of breast cancer"
    span = key_word_span(text, (0, len(text)), ["cancer", "breast"])
    assert text[span[0] : span[1]] == "breast cancer"
    finding = Finding("cancer_history", "urgent", Status.UNCERTAIN, 0, 0)
    experiencer = Experiencer(DEFAULT_SPACY_MODEL)
    assert experiencer.keep(text, [finding], {"cancer_history": span}) == []
    # The whole sentence as the target opens with "my mum": hers too.
    assert experiencer.keep(text, [finding], {"cancer_history": (0, len(text))}) == []
    # A relative reporting the patient's sign now is kept, whatever the span.
    now = "my dad has a fever and his back is agony"
    assert experiencer.keep(now, [finding], {"cancer_history": (0, len(now))}) == [finding]
    # Words the model weighs that are not in the sentence: the sentence.
    assert key_word_span(text, (0, len(text)), ["tumour"]) == (0, len(text))


def test_a_relatives_cancer_that_is_over_is_their_history_unless_their_back_hurts() -> None:
    finding = Finding("cancer_history", "urgent", Status.UNCERTAIN, 0, 0)
    experiencer = Experiencer(DEFAULT_SPACY_MODEL)

    def kept_for(text: str) -> list:
        span = key_word_span(text, (0, len(text)), ["cancer"])
        return experiencer.keep(text, [finding], {"cancer_history": span})

    assert kept_for("my gran had bowel cancer two years ago and she's doing great now") == []
    # The relative's own history, with nothing of their back: theirs, not a report.
    assert kept_for("my uncle had lung cancer that went to his bones") == []
    # Told for the relative, whose back hurts now: a report.
    told_for = "my gran had bowel cancer two years ago and now her back is agony"
    assert kept_for(told_for) == [finding]


def test_a_model_span_that_starts_at_the_relative_word_is_still_the_relatives() -> None:
    # Round 29 dev (reworded): the key words "dad ... cancer ... year" start the span after "my".
    text = "my uncle had cancer in his bones, he died two years ago"
    span = key_word_span(text, (0, len(text)), ["cancer", "uncle", "years"])
    assert text[span[0] :].startswith("uncle")
    finding = Finding("cancer_history", "urgent", Status.UNCERTAIN, 0, 0)
    assert Experiencer(DEFAULT_SPACY_MODEL).keep(text, [finding], {"cancer_history": span}) == []


def test_the_writers_own_sign_with_a_relative_named_inside_it_is_kept(
    engine: RedFlagEngine,
) -> None:
    # Stop 42 (own wording, after round 34 dev): the writer's osteoporosis, then a carer's
    # lifting for a husband, then the strain: the writer's, though the husband is named between.
    text = (
        "I'm 80 and I have osteoporosis, I take the weekly tablet. I care for my husband who has "
        "dementia, so there's a lot of lifting. This morning I felt something go in my back."
    )
    assert kept(engine, text) == ["fragility_fracture_risk"]


def test_a_relatives_heart_attack_in_a_month_gone_is_their_history() -> None:
    # Stop 42 (own wording, after round 34 dev): "had a heart attack in March", the writer's
    # own back a twinge.
    text = "my brother had a heart attack in March, so I panic whenever my back twinges"
    start = text.index("had a heart attack")
    finding = Finding("chest_pain_or_breathless", "emergency", Status.REPORT, start, start + 18)
    assert Experiencer(DEFAULT_SPACY_MODEL).keep(text, [finding], {}) == []
    now = "my brother had a heart attack this morning, so I panic whenever my back twinges"
    start = now.index("had a heart attack")
    finding = Finding("chest_pain_or_breathless", "emergency", Status.REPORT, start, start + 18)
    assert Experiencer(DEFAULT_SPACY_MODEL).keep(now, [finding], {}) == [finding]


@pytest.mark.parametrize(
    "text",
    [
        # A long-standing sign that has not changed is not a new one.
        "he has been incontinent for years since his op, nothing has changed, his back is stiff",
        "I've had a weak left leg for years, it hasn't changed, just a spasm today",
        # Round 39 dev (reworded): in brackets, and for a number of years.
        "diabetic, some loss of feeling in both feet from neuropathy (years old, nothing new)",
        "both feet have been numb for the last 6 years, no change, now a back spasm",
        # An infection cleared by treatment is over.
        "had a fever with a water infection in april, cleared up with antibiotics. now a spasm",
        # Round 41 dev (reworded): "it stopped completely" after treatment.
        "bladder leaking after my son was born, did the exercises and it stopped completely. spasm",
    ],
)
def test_unchanged_long_standing_signs_and_treated_infections_are_set_aside(
    engine: RedFlagEngine, text: str
) -> None:
    assert kept(engine, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # An episode today that is only mostly over is still reported.
        "both legs went dead and wobbly at work an hour ago, fine now ish",
        "my legs both gave way on the stairs this morning, mostly better now",
        # A fever that treatment has not cleared.
        "my fever hasn't cleared with antibiotics and my back is agony",
        # A long-standing condition with a new sign today.
        "incontinent for years, nothing changed, but today I can't feel my bum at all",
        # An age is not how long the sign has lasted.
        "my 3 years old jumped on me, both my feet went numb, nothing new otherwise",
        # Round 41 dev (reworded): "the cat one" is a stretch, not an animal.
        "done the cat one every day for a week now and it's still not easing",
    ],
)
def test_hedged_recoveries_and_new_signs_are_kept(engine: RedFlagEngine, text: str) -> None:
    assert kept(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        # Round 42 dev (reworded): people in general, a relative's long-standing paralysis, a
        # sign after an epidural that went within a day.
        "there was a woman on the news whose backache was cancer and my spasm began on the "
        "stairs yesterday",
        "I care for my son who is paraplegic since a motorbike accident, no feeling below the "
        "waist. lifting him has given me back spasms",
        "my leg went numb after the epidural when my daughter was born but it wore off in a few "
        "hours, now my back spasms when I lift her",
        # Round 43 dev (reworded): a stay in hospital that was fine afterwards.
        "two years back I couldn't pee after my knee surgery and needed a catheter, was fine "
        "afterwards. my back went into spasm this morning raking leaves",
    ],
)
def test_people_in_general_a_relatives_paralysis_and_an_epidural_that_wore_off_are_set_aside(
    engine: RedFlagEngine, text: str
) -> None:
    assert not kept(engine, text)


def test_a_sign_a_relative_notices_in_the_writer_is_the_writers(engine: RedFlagEngine) -> None:
    # Round 44 dev (reworded): the weight loss was set aside as the daughter's.
    text = (
        "Hi, 58 year old woman. Back spasms on and off for a couple of months, probably from "
        "carrying my granddaughter. I've done the stretches on your site. My daughter noticed "
        "my clothes are hanging off me, so I weighed myself and I've lost 7kg since the spring. "
        "I'm not dieting and eat the same as ever. I assumed stress. Does magnesium help spasms?"
    )
    assert "weight_loss_or_night_pain" in kept(engine, text)
    # The relative's own sign is still theirs.
    text = "My son has lost a stone without trying, the doctor is seeing him. My back is sore."
    assert "weight_loss_or_night_pain" not in kept(engine, text)

"""Cautions for the person a question is about (issue 8: context)."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from actions.cautions import (
    CAUTION_KINDS,
    LATER_ANSWERS,
    PREGNANCY_ANSWERS,
    RESPONSE_PREFIX,
    WITHHELD_AGAIN_RESPONSE,
    WITHHELD_RESPONSE,
    cautions_for,
    persons_in,
)
from actions.fallback import ActionDefaultFallback
from actions.faq import ActionAnswerFaq
from actions.pregnancy import RESPONSE_LABOUR_QUESTION, RESPONSE_MATERNITY_NOW
from clinic.contract import DOMAIN_PATH
from clinic.responses import load_responses
from tests.actions.test_fallback import action, bot, parse, responses, run, user


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("my dad is 82 and on warfarin, what painkillers can he take", ["blood_thinner", "older"]),
        ("im 24 weeks pregnant can i use a heat pad", ["pregnancy"]),
        ("what can my 15 year old take for a back spasm", ["child"]),
        ("my boy's 12 and his back hurts after football, heat?", ["child"]),
        ("are kids allowed naproxen", ["child"]),
        ("my mum takes blood thinners, is ibuprofen ok", ["blood_thinner", "older"]),
        ("I'm 35 and lift my kids a lot, how should I lift", []),
        ("what painkillers can I take for a spasm", []),
        ("had this since the 1970s on and off", []),
        # a relative who gives the advice is not the one it is for
        ("my son reckons a deep heat patch is the answer", []),
        ("my mum says a hot bath sorts it", []),
        ("my nan had a stroke but this one is about me, what stretches", []),
        # a pregnancy over or denied (live test, round 25, reworded)
        ("had them in both my pregnancies years ago, does magnesium help now", []),
        ("i'm not pregnant haha, can i take magnesium", []),
        ("I'm 30 weeks pregnant, is magnesium ok", ["pregnancy"]),
        ("is a heat pad alright or could it harm the baby", ["pregnancy"]),
        ("lifting my baby in and out of the cot set it off", []),
        # round 32 dev (reworded): a relative's bed, a pregnancy long over
        ("woke up stiff after a night on my son's sofa bed, what helps", []),
        ("had sciatica when I was pregnant with my eldest, gone since. stretches?", []),
        # live test, round 47 (reworded): a mattress's age; a friend's diazepam offered
        ("will a new mattress help? ours is about 15 years old", []),
        ("is a new mattress worth it? mine is like 9 years old", []),
        # a relative's old fall, asked about as one's own
        ("my gran broke her hip in a fall, could that happen to me with this back?", []),
        (
            "my neighbour has some diazepam, he says is good. I can take?",
            ["someone_elses_medicine"],
        ),
    ],
)
def test_who_a_question_is_about(text, kinds):
    assert persons_in(text) == kinds


def test_every_kind_has_its_caution_in_the_domain():
    cautions = load_responses(DOMAIN_PATH / "cautions.yml")
    expected = {RESPONSE_PREFIX + kind for kind, _ in CAUTION_KINDS}
    expected |= {WITHHELD_RESPONSE, WITHHELD_AGAIN_RESPONSE}
    expected |= {RESPONSE_MATERNITY_NOW, RESPONSE_LABOUR_QUESTION}
    later = set(LATER_ANSWERS.values())
    assert expected | set(PREGNANCY_ANSWERS.values()) | later == set(cautions)


async def test_ice_or_heat_more_than_three_days_in_gets_heat():
    events = [_faq("its been about a week now, ice or heat at this point?", "ice_or_heat")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_caution_heat_after_three_days"]
    events = [_faq("pulled it this morning, ice or heat?", "ice_or_heat")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_faq/ice_or_heat"]


async def test_first_aid_more_than_three_days_in_gets_heat_not_ice():
    events = [_faq("day 5 of this spasm, what can i do for it", "immediate_relief")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_caution_relief_after_three_days"]


def _faq(text: str, topic: str):
    return user(parse(text, [("faq", 0.97)], [(topic, 0.95)]))


async def test_a_weekday_more_than_three_days_back_gets_heat():
    # Live test, stop 44: "troubled since Tuesday ... ice or heat?" on a Saturday got "Start
    # with ice".
    events = [_faq("stiff since Tuesday and today's Saturday. ice or heat?", "ice_or_heat")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_caution_heat_after_three_days"]
    # "three weeks", "a fortnight" (live test, stop 44, second pass)
    events = [_faq("It's been three weeks already, ice or heat tonight?", "ice_or_heat")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_caution_heat_after_three_days"]
    events = [_faq("stiff since Friday and today's Saturday. ice or heat?", "ice_or_heat")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_faq/ice_or_heat"]


async def test_ice_or_heat_in_pregnancy_is_not_a_plain_answer_after_ask_your_midwife():
    # Second live test, round 37 (reworded): "heat is usually the better choice" after "ask
    # them about heat".
    events = [_faq("she's 30 weeks pregnant. hot water bottle or ice?", "ice_or_heat")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == [
        "utter_caution_pregnancy",
        "utter_caution_pregnancy_ice_or_heat",
    ]


async def test_a_time_ahead_or_a_new_spasm_said_now_is_not_past_three_days():
    # Live test, round 37 (reworded): "a race in 10 days" was read as 10 days of spasm, and
    # "it only started last night" after it still got heat.
    events = [_faq("pulled it at training, he has a race in 10 days. ice or heat?", "ice_or_heat")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_faq/ice_or_heat"]
    events = [
        _faq("its been about a week now, ice or heat at this point?", "ice_or_heat"),
        action("action_answer_faq"),
        _faq("sorry I mean it only started last night. ice or heat?", "ice_or_heat"),
    ]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_faq/ice_or_heat"]
    # Live test, round 48 (reworded): how often, not how long ("4 times a week").
    events = [_faq("she trains 3 times a week, hurt it last night. ice or heat?", "ice_or_heat")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_faq/ice_or_heat"]
    # Live test, round 49 (reworded): a baby's age, not the spasm's ("she's 7 weeks old").
    events = [_faq("back twinges lifting my 6 week old from the cot, ice or heat?", "ice_or_heat")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_faq/ice_or_heat"]
    # Live test, round 52 (reworded): weeks since a birth told first, then "about 2 days";
    # a weekday long ago with the days counted out.
    events = [
        _faq("8 wks postpartum and my back's gone into spasm", "immediate_relief"),
        action("action_answer_faq"),
        _faq("been like that a couple of days. ice or heat?", "ice_or_heat"),
    ]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_faq/ice_or_heat"]
    events = [_faq("sore since Wednesday's match, so 2 days. ice or heat?", "ice_or_heat")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_faq/ice_or_heat"]


async def test_a_warm_bath_in_pregnancy_is_not_a_plain_yes_after_ask_your_midwife():
    # Live test, stop 44: "ask them about heat, hot baths" and then "Yes. Warm water can help".
    events = [_faq("28 weeks pregnant, is a warm bath ok for my back?", "warm_bath")]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_caution_pregnancy", "utter_caution_pregnancy_heat"]


async def test_the_persons_caution_comes_before_the_answer():
    question = _faq("my dad is on warfarin, what painkillers can he have?", "otc_medicines")
    messages, _ = await run(ActionAnswerFaq, [question])
    # One caution (the blood thinner's says more than the older person's), and no list of
    # painkillers after "ask a pharmacist first".
    assert responses(messages) == ["utter_caution_blood_thinner", WITHHELD_RESPONSE]
    # "I can still tell you about other things": they are offered, none of them a medicine.
    offered = [button["title"] for button in messages[-1]["buttons"]]
    assert len(offered) == 3 and not any("medicine" in title.lower() for title in offered)
    # An older person alone: the caution, then the answer.
    question = _faq("my dad is 84, what painkillers can he have?", "otc_medicines")
    messages, _ = await run(ActionAnswerFaq, [question])
    assert responses(messages) == ["utter_caution_older", "utter_faq/otc_medicines"]


async def test_a_past_back_operation_gets_its_caution_with_exercise_and_manipulation_only():
    # Live test, stop 44: "chiropractor to crack it back in, good idea with my history?" after
    # a discectomy got "It can." with no word of checking first.
    question = _faq("had a discectomy in 2019, is a chiropractor a good idea?", "chiropractic")
    messages, _ = await run(ActionAnswerFaq, [question])
    assert responses(messages) == ["utter_caution_back_history", "utter_faq/chiropractic"]
    question = _faq("had a discectomy in 2019, ice or heat for a spasm?", "ice_or_heat")
    messages, _ = await run(ActionAnswerFaq, [question])
    assert responses(messages) == ["utter_faq/ice_or_heat"]
    # named earlier, it still goes with a stretch asked about later
    earlier = _faq("I had back surgery last year, what causes spasms?", "cause_conditions")
    later = _faq("which stretches can I do?", "stretches")
    messages, _ = await run(ActionAnswerFaq, [earlier, bot("utter_faq/cause_conditions"), later])
    assert responses(messages) == ["utter_caution_back_history", "utter_faq/stretches"]
    # Live test, round 52 (reworded): a disc asked about is no history of one.
    earlier = _faq(
        "could the spasms after driving be a sign of a slipped disc?", "cause_conditions"
    )
    later = _faq("does massage help?", "massage")
    messages, _ = await run(ActionAnswerFaq, [earlier, bot("utter_faq/cause_conditions"), later])
    assert responses(messages) == ["utter_faq/massage"]


async def test_someone_elses_prescription_gets_a_plain_no_first():
    # Live test, stop 44: "my friend gave me a couple of her diazepam, ok to take?" got the
    # muscle relaxants answer and never a plain "don't take someone else's prescription".
    text = "my mate gave me a few of his diazepam for my back, ok to take them?"
    messages, _ = await run(ActionAnswerFaq, [_faq(text, "muscle_relaxants")])
    assert responses(messages) == [
        "utter_caution_someone_elses_medicine",
        "utter_faq/muscle_relaxants",
    ]
    text = "my mate gave me a ride to work, what stretches help?"
    messages, _ = await run(ActionAnswerFaq, [_faq(text, "stretches")])
    assert responses(messages) == ["utter_faq/stretches"]


async def test_the_older_persons_caution_goes_only_with_what_to_take_or_do():
    # Live test, round 24: a question about a mother's old slipped disc got "ask a pharmacist
    # before taking any new medicine" first.
    question = _faq("my mum had a slipped disc years ago, will i get one?", "cause_conditions")
    messages, _ = await run(ActionAnswerFaq, [question])
    assert responses(messages) == ["utter_faq/cause_conditions"]


async def test_a_person_named_earlier_counts_for_every_medicine_answer():
    first = _faq("im pregnant and my back keeps spasming, what stretches help?", "stretches")
    medicine = _faq("and what about muscle relaxants?", "muscle_relaxants")
    events = [first, action("action_answer_faq"), bot("utter_faq/stretches"), medicine]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_caution_pregnancy", WITHHELD_RESPONSE]
    # Said before: said again with the next medicine answer too.
    events = [*events[:-1], bot("utter_caution_pregnancy"), medicine]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_caution_pregnancy", WITHHELD_RESPONSE]
    # Pregnancy lasts: it counts for heat, sleep and exercise answers too.
    heat = _faq("is heat ok?", "heat")
    messages, _ = await run(ActionAnswerFaq, [first, action("action_answer_faq"), heat])
    assert responses(messages) == ["utter_caution_pregnancy", "utter_caution_pregnancy_heat"]
    # Not a medicine: an older parent named earlier adds nothing to the heat answer.
    dad = _faq("my dad is 80 and his back spasms, what stretches help?", "stretches")
    messages, _ = await run(ActionAnswerFaq, [dad, action("action_answer_faq"), heat])
    assert responses(messages) == ["utter_faq/heat"]


async def test_first_aid_for_a_pregnant_patient_does_not_say_to_lie_on_her_back():
    asked = parse(
        "28 weeks pregnant and my back keeps locking up, what do I do right now",
        [("faq", 0.99)],
        [("immediate_relief", 0.9)],
    )
    messages, _ = await run(ActionAnswerFaq, [user(asked)])
    assert responses(messages) == ["utter_caution_pregnancy", "utter_caution_pregnancy_relief"]
    [relief] = load_responses(DOMAIN_PATH / "cautions.yml")["utter_caution_pregnancy_relief"]
    assert "lying on your back or" in relief["text"] and "on your side" in relief["text"]


async def test_ice_or_heat_after_the_patient_said_earlier_it_is_two_weeks_old_gets_heat():
    # Live test, round 35 (reworded): "start with ice, first 72 hours" at two weeks.
    earlier = parse("had this spasm about two weeks now", [("faq", 0.99)], [("duration", 0.9)])
    then = parse("so for the pain now, cold or warm?", [("faq", 0.99)], [("ice_or_heat", 0.9)])
    events = [user(earlier), bot("utter_faq/duration"), user(then)]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_caution_heat_after_three_days"]


async def test_a_caution_just_given_is_not_repeated_on_every_answer():
    first = parse("I'm 30 weeks pregnant, is a heat pad ok?", [("faq", 0.99)], [("heat", 0.9)])
    then = parse("and how should I sleep", [("faq", 0.99)], [("sleep", 0.9)])
    events = [user(first), bot("utter_caution_pregnancy"), bot("utter_faq/heat"), user(then)]
    messages, _ = await run(ActionAnswerFaq, events)
    # No caution again, and the sleep answer for pregnancy: its side-lying position, not
    # "sleep on your back" first (live test round 13, C03).
    assert responses(messages) == ["utter_caution_pregnancy_sleep"]
    # A medicine answer is still withheld with its reason.
    pills = parse("what tablets can I take", [("faq", 0.99)], [("otc_medicines", 0.9)])
    answered = bot("utter_caution_pregnancy_sleep")
    messages, _ = await run(ActionAnswerFaq, [*events, answered, user(pills)])
    assert responses(messages)[:2] == ["utter_caution_pregnancy", "utter_caution_answer_withheld"]


async def test_a_second_medicine_question_right_after_a_withheld_one_gets_one_short_line():
    # Round 35 dev (reworded): a teenager's second question, about a cream, got the child's
    # caution and the withheld reason word for word again.
    first = parse("im 14, can i take my dads ibuprofen", [("faq", 0.99)], [("otc_medicines", 0.9)])
    then = parse("what about a cream instead", [("faq", 0.99)], [("topical_creams", 0.9)])
    events = [
        user(first),
        bot("utter_caution_child"),
        bot("utter_caution_answer_withheld"),
        user(then),
    ]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_caution_answer_withheld_again"]


async def test_a_caution_asked_about_again_comes_again():
    first = parse(
        "I'm 30 weeks pregnant and my back keeps seizing",
        [("faq", 0.99)],
        [("immediate_relief", 0.9)],
    )
    then = parse(
        "can I put a heat pad on it or is that bad for baby", [("faq", 0.99)], [("heat", 0.9)]
    )
    events = [
        user(first),
        bot("utter_caution_pregnancy"),
        bot("utter_faq/immediate_relief"),
        user(then),
    ]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_caution_pregnancy", "utter_caution_pregnancy_heat"]


async def test_a_pregnancy_question_no_topic_fits_gets_what_suits_pregnancy():
    # Live test, round 23: "Sorry, I didn't quite understand" to a woman 28 weeks pregnant.
    asked = parse(
        "is it normal to have pain like this in pregnancy? no bleeding or leaking",
        [("nlu_fallback", 0.6), ("faq", 0.3)],
        [("what_is_spasm", 0.2), ("severity", 0.18)],
    )
    messages, _ = await run(ActionDefaultFallback, [user(asked)])
    assert responses(messages) == ["utter_caution_pregnancy", "utter_caution_pregnancy_relief"]


@pytest.mark.parametrize(
    "text",
    [
        # Live test, round 28: a 67-year-old helping at a daughter's got the child caution.
        "I was at my daughter's helping with the garden and my back went",
        "went round to my mum's house and lifted her sofa, what can i take",
        "spent the weekend on my son's new patio, back is in bits",
        # Live test, round 33 (reworded): a child's things, and the writer who is the son.
        "bent down for my daughter's school shoes and my back went",
        "I'm her son, she's 80 and won't go to the doctor",
        # Live test, round 37 (reworded): grown-up children who help the writer.
        "I shan't be driving; my son is. May he come in with me?",
        "would the doctor be able to call my daughter instead?",
        "my daughter (49) will take the call",
        # Round 51 dev (reworded): an adult son's age told with "is".
        "my son is 34 and has cerebral palsy, his back's gone into spasm",
    ],
)
def test_a_relatives_home_does_not_make_the_question_about_them(text):
    assert persons_in(text) == []


@pytest.mark.parametrize(
    "text",
    ["my daughter's back is in spasm", "my son's 14, what can he take", "my son is 9, can he"],
)
def test_a_relatives_own_back_still_names_them(text):
    assert persons_in(text) == ["child"]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # Round 29 dev (reworded): a teenager giving their own age got ibuprofen named.
        ("im 15, ok to take naproxen?", ["child"]),
        ("she's 12 and her back hurts after netball", ["child"]),
        ("I'm 16 stone, which stretches?", []),
    ],
)
def test_an_age_said_as_im_or_hes_names_a_child(text, kinds):
    assert persons_in(text) == kinds


async def test_not_a_child_ends_the_childs_caution_named_earlier():
    # Live test, round 33 (reworded): "mate i said its for ME, im 38. not a child" got the
    # child's caution a third time, and no answer.
    first = _faq("my little boy is 6, what painkillers can kids have", "otc_medicines")
    correction = _faq(
        "sorry not him, its for me, I'm 40 not a child. ibuprofen ok?", "otc_medicines"
    )
    events = [first, action("action_answer_faq"), bot(WITHHELD_RESPONSE), correction]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_faq/otc_medicines"]


@pytest.mark.parametrize(
    "text",
    [
        # Live test, round 42 (reworded): the father of a new baby.
        "can I take naproxen? I'm not the one breastfeeding haha",
        "I'm the dad! ibuprofen for me please",
    ],
)
def test_a_father_or_a_writer_not_breastfeeding_names_no_pregnancy(text):
    assert "pregnancy" not in persons_in(text)


async def test_breastfeeding_cautions_medicines_only():
    # Live test, round 52 (reworded): a breastfeeding mum asking about ice or heat was told to
    # ask her midwife first, as if pregnant.
    question = _faq("breastfeeding my 5 week old, is ice or heat better?", "ice_or_heat")
    messages, _ = await run(ActionAnswerFaq, [question])
    assert responses(messages) == ["utter_faq/ice_or_heat"]
    question = _faq("I'm breastfeeding, can I take ibuprofen?", "otc_medicines")
    messages, _ = await run(ActionAnswerFaq, [question])
    assert responses(messages) == ["utter_caution_breastfeeding", WITHHELD_RESPONSE]


async def test_saying_one_is_not_breastfeeding_ends_the_caution_named_earlier():
    first = _faq("new baby here, she's breastfed, can I take something?", "otc_medicines")
    correction = _faq("no, I'm her dad, I'm not breastfeeding! what can I take", "otc_medicines")
    events = [first, action("action_answer_faq"), bot(WITHHELD_RESPONSE), correction]
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == ["utter_faq/otc_medicines"]


async def test_ice_or_heat_is_not_followed_by_the_heat_answer_it_already_gave():
    # Live test, round 42 (reworded): heat after three days was explained twice in one reply.
    text = "ice or heat at this point? and how long do I keep the heat pad on?"
    messages, _ = await run(ActionAnswerFaq, [_faq(text, "ice_or_heat")])
    sent = responses(messages)
    assert sent.count("utter_faq/heat") == 0 and len(sent) == 1, sent


async def test_a_fluid_limit_gets_its_caution_with_the_drinking_answer_only():
    # Round 43 dev (reworded): a heart patient's fluid limit against the articles' 8 glasses.
    question = _faq(
        "the renal nurse restricts my fluids to a litre, but I read 8 glasses a day. which is it?",
        "hydration",
    )
    messages, _ = await run(ActionAnswerFaq, [question])
    assert responses(messages) == ["utter_caution_fluid_limit", "utter_faq/hydration"]
    question = _faq("I'm on a fluid restriction for heart failure, ice or heat?", "ice_or_heat")
    messages, _ = await run(ActionAnswerFaq, [question])
    assert "utter_caution_fluid_limit" not in responses(messages)


async def test_alcohol_asked_with_the_water_answer_says_the_articles_are_silent_on_it():
    # Round 44 live tests (reworded): "is a glass of wine bad for back spasms?" got the water
    # answer alone, twice, as if alcohol had been water.
    question = _faq("is a pint or two in the evening bad for my back spasm?", "hydration")
    messages, _ = await run(ActionAnswerFaq, [question])
    assert responses(messages) == ["utter_caution_alcohol", "utter_faq/hydration"]
    question = _faq("had a few beers last night, is heat ok now?", "heat")
    messages, _ = await run(ActionAnswerFaq, [question])
    assert "utter_caution_alcohol" not in responses(messages)


def test_the_person_named_six_messages_back_counts_after_actions_ran_this_turn():
    # Live test, round 47 (reworded): "my son is 15" six messages before a paracetamol question
    # asked with a report; the urgent advice ran first, and ibuprofen was named for him.
    events = [user(parse("my daughter is 14 and her back keeps seizing", [("faq", 0.9)]))]
    for text in ("its lower back", "can she swim", "ok", "when can she dance", "feverish now"):
        events += [user(parse(text, [("faq", 0.9)])), bot("utter_faq/rest_vs_moving")]
    question = parse("can she have paracetamol for the fever?", [("faq", 0.9)])
    events += [user(question), action("utter_urgent_advice")]
    conversation = Tracker("p", {}, question, events, False, None, {}, "action_listen")
    assert "utter_caution_child" in cautions_for(conversation, "otc_medicines")

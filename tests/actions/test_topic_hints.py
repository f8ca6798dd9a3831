"""The words of a question narrow its topic (actions/topic_hints.py, issue 8)."""

from __future__ import annotations

import pytest

from actions.topic_hints import asks, clauses, hints
from actions.topics import decide_topic, for_a_supposed_sign


def named(text: str) -> list:
    return [hint.topic for hint in hints(text)]


def test_the_story_before_the_question_is_not_the_question():
    text = "carrying shopping bags up the stairs did it. what should I do now?"
    assert named(text) == ["immediate_relief"]


def test_a_short_question_is_about_the_clause_before_it():
    text = "I have a heat pad at home. My neighbour lent me some deep heat cream. Any good?"
    assert named(text) == ["topical_creams"]


def test_a_longer_match_wins_over_the_word_inside_it():
    assert named("can I use a hot water bottle on it?") == ["heat"]


def test_a_carer_asking_how_to_help_at_home_asks_what_to_do():
    # Round 51 dev (reworded): the story's wheelchair transfer got the desk set-up answer.
    text = "She winces when I help her from her chair to the bed. How can I help her at home?"
    assert named(text) == ["immediate_relief"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # Live test, round 52 (reworded): the out-of-scope line, then "symptoms".
        ("hurt it mowing the lawn. what's the best thing now?", "immediate_relief"),
        ("is popping your back yourself a good idea?", "chiropractic"),
    ],
)
def test_the_best_thing_now_and_cracking_ones_back_name_their_topic(text, topic):
    assert named(text) == [topic]


def test_what_more_to_do_after_a_medicine_told_is_what_to_do():
    # Round 51 dev (reworded): the medicine told before the question was answered instead.
    text = "Been on paracetamol two days, it helps a bit. What more I can do for it?"
    assert named(text) == ["immediate_relief"]


def test_the_same_dose_as_an_adult_is_not_what_a_spasm_is():
    # Round 51 dev (reworded): "same as an adult" added what a spasm is to a medicine answer.
    assert named("she's 13, can she take naproxen the same as an adult?") == ["otc_medicines"]
    assert named("is a cramp the same as a spasm?") == ["what_is_spasm"]


def test_lifting_typed_without_its_g_is_lifting():
    # Round 51 dev (reworded): "liftin" named no topic.
    assert named("any tips for liftin crates all day") == ["lifting"]


def test_a_drink_asked_with_a_medicine_is_the_medicines_question():
    # Round 51 dev (reworded): "can I drink ... taking the ibuprofen" got how much water to drink.
    assert named("big night out friday, can I drink while I'm on the naproxen?") == [
        "otc_medicines"
    ]
    assert named("how much water should I drink a day?") == ["hydration"]


def test_the_named_topic_beats_an_unrelated_unsure_model():
    decision = decide_topic([("ergonomics", 0.3), ("prevention", 0.1)], text="is aspirin ok?")
    assert decision.answer == "otc_medicines"


def test_a_close_relative_the_model_prefers_is_kept():
    text = "could stretching too hard make it worse?"
    decision = decide_topic([("stretch_safety", 0.35), ("stretches", 0.2)], text=text)
    assert decision.answer == "stretch_safety"


def test_a_topic_the_model_is_very_sure_of_outweighs_the_words():
    decision = decide_topic([("warm_bath", 0.9)], text="is a long soak ok after swimming?")
    assert decision.answer == "warm_bath"


def test_an_either_or_choice_is_firm_whatever_the_model_prefers():
    # "ice or heat?" got the alternating answer, opening "Yes." (live test, round 30)
    text = "so ice or heat for her, and how long?"
    decision = decide_topic([("hot_cold_alternating", 0.9), ("ice_or_heat", 0.05)], text=text)
    assert decision.answer == "ice_or_heat"


def test_the_first_subject_named_is_answered_too_when_the_model_prefers_a_later_one():
    # Round 35 dev (reworded): the medicine question got only the driving answer.
    text = "what can I take that won't make me drowsy for driving to work"
    decision = decide_topic([("driving", 0.5), ("otc_medicines", 0.2)], text=text)
    assert (decision.answer, decision.also) == ("driving", ("otc_medicines",))


def test_how_to_stop_them_coming_back_is_prevention_alone():
    # Live test, round 35: the first-aid answer came too, to someone without a spasm now.
    text = "how do I stop them coming back?"
    decision = decide_topic([("prevention", 0.6), ("immediate_relief", 0.2)], text=text)
    assert (decision.answer, decision.also) == ("prevention", ())


def test_two_questions_in_one_message_get_two_topics():
    text = "does acupuncture work for this, and are magnesium tablets worth trying?"
    decision = decide_topic([("acupuncture", 0.2), ("supplements", 0.1)], text=text)
    assert (decision.answer, decision.also) == ("acupuncture", ("supplements",))


@pytest.mark.parametrize(
    "text, topic",
    [
        ("on holiday in Spain, can I buy Nurofen over the counter here?", "otc_medicines"),
        ("back went at the gym. whats best to take for it", "otc_medicines"),
        ("what if it did start affecting my bladder, what would I do?", "warning_signs"),
        ("at what point should I be worried enough to phone the GP?", "when_to_see_doctor"),
        ("how long b4 i can train again", "exercise_safety"),
        (
            "my mum, 90, has a spasm after bending to the oven. what's safe to suggest?",
            "immediate_relief",
        ),
        ("would a few sessions with a physiotherapist be worth it", "physical_therapy"),
        # round 36 dev (reworded): a reason to be seen is not a cause; a claim read somewhere
        ("what would be a good reason to get him seen then?", "when_to_see_doctor"),
        # live test, stop 44 (reworded)
        ("I'm 20 weeks pregnant with a sore back, what can I safely take?", "otc_medicines"),
        ("should she take a break from the gym for now?", "rest_vs_moving"),
        ("can you send me an easy stretch for her", "stretches"),
        # round 36 dev (reworded)
        ("right, so when should I give in and see somebody?", "when_to_see_doctor"),
        ("what's the best thing he can do at home for it?", "immediate_relief"),
        ("can I manage this at home or not?", "immediate_relief"),
        ("which is better, to lie in bed or to walk around?", "rest_vs_moving"),
        ("someone online said spasms are a sign of kidney problems, true?", "cause_conditions"),
        ("is a lumbar cushion for the car any use", "ergonomics"),
        ("my sister swears by tiger balm, does it do anything?", "topical_creams"),
        ("should I do a warm-up before football", "exercise_safety"),
        ("is a muscle knot the same as a spasm?", "what_is_spasm"),
        ("my teen has a sore back from rugby, wot can he take", "otc_medicines"),
        # The asking clause names its own subject; the story before it does not count.
        ("hurt it moving a sofa. how long will these spasms go on for?", "duration"),
        ("do I need to rest it before going back to the gym", "rest_vs_moving"),
        ("8 hours a day at my pc. which chair is best", "ergonomics"),
        ("what about running a temperature with a bad back?", "warning_signs"),
        ("tweaked it in the garden. what should I be doing now?", "immediate_relief"),
        ("my back is go hard since monday, I lift crates at work. what I do?", "immediate_relief"),
        ("are peas from the freezer ok to use?", "ice"),
        ("pulled it at the gym. how soon can I train again", "rest_vs_moving"),
        ("my shift is tomorrow, should I still go to work?", "rest_vs_moving"),
        ("what tablets can I get from the chemist without a prescription", "otc_medicines"),
        ("which meds work best for it?", "otc_medicines"),
        ("what kind of symptoms would be serious enough to go to A&E?", "warning_signs"),
        ("pulled it at 5-a-side. should I carry on playing on sunday?", "rest_vs_moving"),
        ("what if my legs went numb one day, what then?", "warning_signs"),
        ("so what really triggers back spasms?", "causes"),
        ("can they be dangerous?", "are_spasms_serious"),
        ("my lad lugs a rucksack about, does that matter?", "lifting"),
        ("meds?", "otc_medicines"),
        ("when can I get back in the gym", "rest_vs_moving"),
        # Live test, round 47 (reworded): got how long spasms last
        ("will she be fit to play in the final on sunday?", "rest_vs_moving"),
        # Live test, round 47 (reworded): a relative's illness asked about as one's own got
        # a fallback, or resting
        ("my uncle had a tumour on his spine, could my spasms be that?", "cause_family"),
        ("my gran broke her hip in a fall, could that happen to me?", "cause_family"),
        ("is spin class on friday a no then?", "aerobic_exercise"),
        ("and if it's still sore on saturday, what then?", "when_to_see_doctor"),
        ("could it be a slipped disc?", "cause_conditions"),
        ("should she stay home from school tomorrow?", "rest_vs_moving"),
        ("the thing is I cannot rest, I've got three kids", "rest_vs_moving"),
        ("bent down for a sock and it locked. wot do u do for that", "immediate_relief"),
        # what long-term steroids change: the warning signs name them
        ("on prednisolone for years for my lungs, does that affect anything?", "warning_signs"),
        # whether it could be the heart: the warning signs say when it is an emergency
        ("can pain between my shoulder blades be a sign of a heart problem?", "warning_signs"),
        ("my dad had a heart attack last year. how much water should i drink?", "hydration"),
        ("sore again. when could i get back on my bike", "rest_vs_moving"),
        ("so how soon can he go back under cars, he's a mechanic", "rest_vs_moving"),
        ("what is the reason for these spasms, i get them weekly", "causes"),
        ("i'm 68 now, is it just my age?", "causes"),
        ("and keeping it from coming back?", "prevention"),
        ("what can I change in the van?", "prolonged_sitting"),
        ("what's the safest way to hoover with a bad back", "posture"),
        ("she is stuck on the sofa, what she can do?", "immediate_relief"),
        # round 21 dev and live test, reworded
        ("if i get numbness in my legs one day, who do i call?", "warning_signs"),
        ("do spasms normally come in waves like that?", "symptoms"),
        ("is a 12 year old too young to get back spasms?", "how_common"),
        ("im fasting for lent, could that cause cramps", "cause_dehydration"),
        # the one stretch of the articles done on a chair (live test, round 39: a wheelchair
        # user got the floor stretches)
        ("any stretches i could do sitting in a chair", "stretch_hamstring"),
        ("im in a wheelchair, what stretches can i do?", "stretch_hamstring"),
        ("sat in my chair all day, any stretches?", "stretch_hamstring"),
        # live test, round 24, reworded
        ("am I ok to drive to the shops with it", "driving"),
        ("tomorrow I can go to work? boss is asking", "rest_vs_moving"),
        ("do I carry on going to the gym this week", "rest_vs_moving"),
        ("how many brakes should I take at my desk", "prolonged_sitting"),
        ("could this be down to the gym do you think?", "causes"),
        # live test, round 29, reworded: heat's safety, not sleep positions
        ("can i leave the heat pad on when i go to sleep", "heat"),
        # round 30 dev, reworded
        ("my back keeps twitching after netball. what actually causes that?", "causes"),
        ("is it bad to keep training through it?", "rest_vs_moving"),
        ("what can I safely try for it?", "immediate_relief"),
        ("how often should I stand up from the desk?", "prolonged_sitting"),
        ("tennis serve twists my back, is that bad?", "exercise_safety"),
        ("she has lifted residents all week and now her lower back is hurting", "immediate_relief"),
        # second live test, round 37 (reworded): the signs of a named emergency, not the tests
        ("how do you tell if it's cauda equina or just a spasm", "warning_signs"),
        ("how would we know if it was something serious?", "warning_signs"),
        ("so after day three I switch to the hot water bottle?", "ice_or_heat"),
        ("is it ok to keep cycling to work?", "exercise_safety"),
        # round 44 dev (reworded): flying, drink, a standing desk, a faster recovery
        ("flying to Malaga next month, any tips for the plane?", "prolonged_sitting"),
        ("had a few beers last night, does that matter?", "hydration"),
        ("would a standing desk help?", "prolonged_sitting"),
        ("ok. anything to make it go quicker?", "immediate_relief"),
        ("what would make it serious before the appointment?", "warning_signs"),
        ("how of ten should I stand up?", "prolonged_sitting"),
        ("my daughter has a back spasm since netball last night", "immediate_relief"),
        ("she wants to play on Sunday, is that ok?", "exercise_safety"),
        # round 44 live test (reworded): a drink on the plane; the GP's surgery is no operation
        ("hardly drank anything on the flight, could that be it?", "hydration"),
        ("would an operation help in the end?", "advanced_treatments"),
        # round 48 dev and round 49 live test (reworded)
        ("can he keep the heat pad on until the doctor comes?", "heat"),
        ("and what if it still hurts on thursday", "when_to_see_doctor"),
        ("ok the chair one then, how", "stretch_hamstring"),
        (
            "my neck and shoulders seize up most evenings after work, how can I stop them?",
            "prevention",
        ),
        ("if it still aches in a few days do i need a gp", "when_to_see_doctor"),
        ("any tips for when I'm rolling residents in bed", "lifting"),
        ("my back goes lugging the shopping up three flights", "lifting"),
        ("the B&B beds are way too soft, what should I do", "sleep"),
        ("how long though, I don't want an ice burn", "ice"),
        (
            "I hurt my back playing rugby when I was 20, does that make me more prone now?",
            "cause_injury",
        ),
    ],
)
def test_the_thing_asked_about_names_the_topic(text, topic):
    assert named(text)[0] == topic


@pytest.mark.parametrize(
    "text",
    [
        "did my back in hoovering the stairs, it keeps seizing up",
        "my lower back went into spasm on the 5-a-side pitch last night",
        "knot between my shoulder blades since this morning. sort it out",
        "I've got a really nasty back spasm",
        "her back keeps going into spasm when she gardens",
        "my daughter has got back spasms after netball, she can hardly move. is that normal?",
        "spasms lower down since tues",
        "my back's acting up again",
        "none of those. no numbness, bladder fine, just a sore stiff back from decorating",
        "did my back in lifting the bins, walking like a pensioner. is it normal to be this sore",
        "my back is properly killing me after the half marathon. normal??",
        "keen climber, my lower back keeps catching on overhangs",
        # live test, round 49: a fragment
        "lower back is stiff",
        "back's killing me",
    ],
)
def test_telling_what_is_wrong_is_asking_what_to_do(text):
    assert named(text) == ["immediate_relief"]
    # Whatever the model guessed from the story.
    assert decide_topic([("lifting", 0.9)], text=text).answer == "immediate_relief"


def test_a_question_about_the_cause_is_not_first_aid():
    assert named("could my back be spasming because of my mattress?") == ["sleep"]


def test_pins_and_needles_is_a_symptom_not_acupuncture():
    assert "acupuncture" not in named("pins and needles in my foot, is that normal?")
    assert named("do acupuncture needles in the back hurt?") == ["acupuncture"]


def test_not_having_the_thing_asks_for_the_other_one():
    assert named("we've got no ice at all, what now") == ["heat"]
    decision = decide_topic([("ice", 0.95)], text="ran out of ice, now what")
    assert decision.answer == "heat"


def test_not_having_the_thing_beside_a_question_about_another_topic_is_that_question():
    assert named("no ice here. can I take something, I have some ibuprofen?") == ["otc_medicines"]
    assert named("got no heat pad, my back is in spasm, what now?") == ["ice"]


def test_the_warning_signs_body_words_are_on_the_subject():
    from actions.topics import on_subject

    assert on_subject("ok and the knots themselves?")
    assert on_subject("and if my legs went numb?")
    assert not on_subject("did you see the match last night?")


def test_a_list_typed_on_one_line_is_read_item_by_item_and_each_item_answered() -> None:
    text = "quick ones: 1) cold or warm first 2) is ibuprofen ok 3) which stretches help"
    assert clauses(text)[1:] == ["cold or warm first?", "is ibuprofen ok?", "which stretches help?"]
    decision = decide_topic([("ice_or_heat", 0.9), ("otc_medicines", 0.05)], text=text)
    assert decision.answer == "ice_or_heat"
    assert decision.also == ("otc_medicines", "stretches")
    # Round 46 dev (reworded): an item with no question word is still a question ("1) ice or
    # heat" went unanswered); a story after the list, with a full stop, is not asked about.
    text = "two qs 1) hot or cold 2) can I take naproxen. it started lifting a box"
    assert clauses(text)[1:3] == ["hot or cold?", "can I take naproxen."]
    decision = decide_topic([("otc_medicines", 0.5)], text=text)
    assert decision.answer == "ice_or_heat"
    assert "lifting" not in decision.also
    assert clauses("hot or cold 1) at night") == ["hot or cold", "at night"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # Round 29 dev and live test (reworded): each got a fallback or another topic.
        ("pulled something at work, what's the best thing for it?", "immediate_relief"),
        ("gets spasms after every match, normal at her age?", "how_common"),
        ("how can I tell if it's a slipped disc?", "diagnosis"),
        ("should she sit this one out or push through", "rest_vs_moving"),
        ("do you think I can still go to the gym tomorrow", "rest_vs_moving"),
        ("is it genetic? my dad had them too", "cause_family"),
        ("if it's still this bad on monday what should i do", "when_to_see_doctor"),
        ("she only drinks a glass of water a day in this heat", "hydration"),
        ("Got a dodgy back. Came on this morning.", "immediate_relief"),
        # Round 32 dev (reworded): a cause told first, the question last.
        ("stiff after a long flight. pls suggest a few exercises", "stretches"),
        ("knots all down my back, how do I make the spasms stop quickly", "immediate_relief"),
        ("any breathing things I could do at the desk?", "yoga_mindfulness"),
        ("what would a GP actually do about a back spasm", "diagnosis"),
        ("should I give up going to the bouldering gym for now", "exercise_safety"),
        ("is it alright to train legs on friday", "exercise_safety"),
        ("my brother reckons he can click it back into place", "chiropractic"),
        ("does carrying a bit of extra weight matter", "weight_smoking"),
        ("any tips on squat form so it doesnt happen again", "lifting"),
        # Round 33 dev (reworded): a carer's hoist, a typo in "anything", a cause asked about
        # by its object, how long before worrying, "will I be ok by ...".
        ("the ward has a hoist but nobody uses it", "lifting"),
        ("anythng i can do from the sofa?", "immediate_relief"),
        ("could the new mattress be causing this?", "causes"),
        ("how long should we wait before getting her seen by a doctor?", "when_to_see_doctor"),
        ("wedding is friday, will i be alright by then??", "duration"),
        ("should she stay away from the garden for now", "rest_vs_moving"),
        # Live test, round 33 (reworded): each got another topic or "I can't help with that".
        ("is it just a pulled muscle or something worse?", "are_spasms_serious"),
        ("is he more likely to get these because he's double jointed?", "causes"),
        ("if I ever did get numbness down there, what should I do?", "warning_signs"),
        # Round 35 dev (reworded): a question run on after a story with no punctuation, "even"
        # inside "why does it happen", standing as the thing asked about.
        ("hurt it friday lifting the dog its sunday now how long will this go on", "duration"),
        ("why does it even happen, I'm pretty fit", "causes"),
        ("anything for all that standing at the till?", "prolonged_sitting"),
        ("how long should the hot water bottle stay on?", "heat"),
        ("could decorating be the cause of it?", "causes"),
        ("is it better to rest first or stretch first?", "rest_vs_moving"),
        ("is naproxen ok if I have eczema, and which stretches should I do?", "stretches"),
        ("whats the best thing to take for this", "otc_medicines"),
        ("hello, back spasm since tuesday after painting the hall", "immediate_relief"),
        ("is it ok that it's only improving slowly?", "duration"),
        # Live test, round 38 (reworded): a cause asked as "what's causing it", a question
        # with no verb before "why", a child's age as "for a kid".
        ("did a lot of digging yesterday, what's causing it do you think?", "causes"),
        ("why my lower back is cramping after football", "causes"),
        ("she is 14, is that common for teenagers?", "how_common"),
        ("my mum has been moaning about her back since she moved the sofa", "immediate_relief"),
        # Round 39 dev (reworded): a nurse's abbreviation
        ("no red flags, just want OTC options ranked", "otc_medicines"),
        # Live test, round 39 (reworded): Scots
        ("ma back's seized fae the scaffold, how dae a stop it", "immediate_relief"),
        ("whit dae a dae aboot it", "immediate_relief"),
        # Live test 50 and round 49 dev (reworded): fallbacks where the articles answer
        ("when we must go to the doctor for the back?", "when_to_see_doctor"),
        (
            "a friend say it can make people wet themselves, what if this happen to me",
            "warning_signs",
        ),
        ("my brother says walking on my back will sort the spasm, should I let him", "massage"),
        ("why did it come on out of the blue? I hadn't lifted anything", "causes"),
        (
            "how would I know if I lost control of my bowels and it wasn't my colitis?",
            "warning_signs",
        ),
        ("would it be bad if I got pins and needles in my leg doing that one?", "warning_signs"),
    ],
)
def test_the_words_of_the_question_name_its_topic(text, topic):
    assert topic in named(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what actually helps? ice? heat?", ["what actually helps?", "ice? heat?"]),
        ("Is heat ok? What about stretches?", ["Is heat ok?", "What about stretches?"]),
    ],
)
def test_a_choice_typed_as_short_questions_is_one_question(text, expected) -> None:
    assert clauses(text) == expected


def test_ice_then_heat_as_two_short_questions_asks_which_of_the_two() -> None:
    decision = decide_topic([("hot_cold_alternating", 0.6)], text="no thanks. ice? heat?")
    assert decision.answer == "ice_or_heat"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # round 31 dev (reworded)
        ("bending over the workbench with my head down all day, is that it?", "posture"),
        ("is 5 cups of coffee a day bad for it", "hydration"),
        ("any stretch I can do at my desk between calls?", "stretch_hamstring"),
        ("is it normal that it's still this sore on day 3", "duration"),
        ("my aunt had cauda equina, should I be worried", "warning_signs"),
        # live test, round 31 (reworded): a stand-in for what one lacks, heat on for hours
        ("no cold pack here. would a bag of frozen peas do?", "ice"),
        ("I keep the wheat bag on for 3 or 4 hours, alright?", "heat"),
        ("ANY STRETCHES I CAN DO IN MY CHAIR", "stretches"),
    ],
)
def test_a_subject_named_in_everyday_words(text, topic) -> None:
    assert named(text)[0] == topic


def test_how_to_stop_it_happening_is_prevention_however_sure_the_model() -> None:
    text = "my back keeps cramping at work. how do I stop it happening?"
    assert decide_topic([("exercise_cramp", 0.97)], text=text).answer == "prevention"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # Stop 42 (own wording, after round 34 dev): exercises asked alone after the story,
        # keeping still, a medicated plaster, how long until better.
        ("Did my back in shovelling snow this morning. Any exercises?", "stretches"),
        ("I used to run a lot. Is walking ok or should I stay still?", "rest_vs_moving"),
        ("back home we put a medicated plaster on it, fine to use here?", "topical_creams"),
        ("how long until I'm ok? I've got a wedding on Saturday", "duration"),
        ("and it's worse when I lie flat in bed, only on my tummy though", "sleep"),
        ("yoga ok? and does sitting all day make it worse", "yoga_mindfulness"),
    ],
)
def test_a_question_in_few_words_after_a_story(text, topic) -> None:
    assert named(text)[0] == topic


@pytest.mark.parametrize(
    "text",
    [
        # Stop 42 (own wording, after round 34 dev): what to do, with no subject of its own,
        # after a story that names how it happened.
        "back spasm yesterday, moving a fridge. what do",
        "my back has been at me since I was carrying the logs in this morning what should I do",
        "hurt my back lifting a crate at work. any tips?",
    ],
)
def test_what_to_do_after_a_story_is_first_aid_not_the_cause(text) -> None:
    assert decide_topic([], text=text).answer == "immediate_relief"


def test_a_close_relative_asked_in_a_question_of_its_own_is_answered_too() -> None:
    # Round 39 dev (reworded): three numbered questions on desk work got only the last one's
    # answer, breaks from sitting; the desk set-up (a close relative) was asked on its own.
    text = "desk job, questions: 1) what height should my screen be? 2) how often should I get up?"
    decision = decide_topic([("prolonged_sitting", 0.9)], text=text)
    assert decision.answer == "prolonged_sitting"
    assert decision.also == ("ergonomics",)
    # Asked in the same question, the relative is one of the choices, not a second answer.
    same = decide_topic([("prolonged_sitting", 0.9)], text="desk and sitting all day, any tips?")
    assert "ergonomics" not in same.also


def test_a_relative_the_model_barely_ranks_does_not_outweigh_the_topic_named() -> None:
    # Round 46 dev (reworded): "how do I carry the car seat without wrecking my back?" got
    # exercise safety (0.08, a relative of lifting) with lifting itself unranked.
    text = "lugging the pram up the stairs all day. how should I carry it?"
    ranking = [("home_remedies_fail", 0.15), ("exercise_safety", 0.08)]
    assert decide_topic(ranking, text=text).answer == "lifting"
    # A relative the model is sure enough of still wins.
    assert decide_topic([("exercise_safety", 0.3)], text=text).answer == "exercise_safety"


def test_a_second_question_opened_with_does_and_a_gerund_is_answered_too() -> None:
    # Round 34 dev (reworded): "Also does drinking less water matter" was not read as asked.
    text = "Also is massage any good? Also does drinking less water matter, I have 2 cups"
    assert decide_topic([], text=text).also == ("hydration",)


def test_punctuation_said_aloud_to_voice_typing_ends_a_clause() -> None:
    # Round 34 dev (reworded): dictated without typed punctuation, the question after "full
    # stop" was read as part of the story.
    text = "my back went on sunday full stop got work monday full stop anyway is heat or ice best"
    assert clauses(text)[-1] == "anyway is heat or ice best"
    assert decide_topic([], text=text).answer == "ice_or_heat"
    assert asks("can I take ibuprofen question mark")


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # round 40 dev (reworded): read as alternating hot and cold, and as how doctors diagnose
        ("how often should i swap between sitting and standing", "prolonged_sitting"),
        ("been 2 days, when do i need to actually see someone", "when_to_see_doctor"),
    ],
)
def test_switching_sitting_and_standing_and_when_to_see_someone(text: str, topic: str) -> None:
    assert named(text) == [topic]


def test_what_to_do_if_a_sign_were_to_come_is_about_the_warning_signs() -> None:
    # live test, stop 48 (reworded): "and if at night I can't pee, what I do?" got first aid
    supposed = {"red_flag_detection": {"findings": {"bladder_bowel_control": "hypothetical"}}}
    decision = decide_topic([("immediate_relief", 0.6)], text="if at night i cant pee what i do?")
    assert decision.answer == "immediate_relief"
    assert for_a_supposed_sign(decision, supposed).answer == "warning_signs"
    # a question about ice stays one, and with no sign supposed first aid stays first aid
    ice = decide_topic([("ice", 0.8)], text="what if my legs go numb, is ice ok?")
    assert for_a_supposed_sign(ice, supposed).answer == "ice"
    assert for_a_supposed_sign(decision, {}).answer == "immediate_relief"


def test_a_chair_without_a_stretch_is_not_the_seated_stretch() -> None:
    # live test, stop 48 (reworded): a carer asking where a resident should wait got the
    # hamstring stretch
    assert "stretch_hamstring" not in named("should we leave her in the chair or put her to bed?")


def test_whom_to_call_if_a_sign_were_to_come_is_about_the_warning_signs() -> None:
    # live test, round 41: "if I did get numb down there at some point, would I call you or
    # 999?" got sleeping positions twice
    text = "if i got numb down there one day, do i ring you or 999?"
    parse = {
        "text": text,
        "red_flag_detection": {"findings": {"saddle_numbness": "hypothetical"}},
    }
    decision = decide_topic([("sleep", 0.8)], text=text)
    assert decision.answer == "sleep"
    assert for_a_supposed_sign(decision, parse).answer == "warning_signs"
    # a question that is not about whom to call keeps its topic
    other = "what if i go numb, can i sleep on my side?"
    sleep = decide_topic([("sleep", 0.8)], text=other)
    assert for_a_supposed_sign(sleep, {**parse, "text": other}).answer == "sleep"


def test_taking_a_medicine_with_food_is_about_the_medicine():
    # Round 42 dev and live test (reworded): "with food" got the electrolyte foods answer.
    decision = decide_topic(
        [("electrolyte_foods", 0.4), ("otc_medicines", 0.2)],
        text="the chemist said to take the naproxen with food, why?",
    )
    assert decision.answer == "otc_medicines"


def test_muscle_relaxers_and_the_tablets_one_is_on_name_the_medicine_topics():
    # Round 42 dev (reworded): "muscle relaxers" got first aid; "not on any other tablets" fell
    # back.
    assert named("can I borrow my brother's muscle relaxers") == ["muscle_relaxants"]
    assert named("I'm not on any other tablets except for my thyroid") == ["otc_medicines"]


def test_stopping_it_happening_in_dialect_is_prevention():
    # Round 42 dev (reworded): Scots "stop it happenin" got the heat answer.
    text = "ma back goes intae spasm every friday at the depot, how dae i stop it happenin"
    assert decide_topic([("heat", 0.5), ("prevention", 0.2)], text=text).answer == "prevention"


def test_the_clinical_words_for_ice_and_heat_are_ice_and_heat():
    assert named("is cryotherapy or thermotherapy better for a spasm?") == ["ice_or_heat"]
    assert named("how long should a session of cryotherapy be?") == ["ice"]


def test_stretches_typed_fast_are_stretches():
    # Round 43 live test (reworded): a typo for stretches got the ice-or-heat answer.
    assert named("any strechs for it i can do lying in bed?")[0] == "stretches"


def test_sleepy_is_no_question_about_sleep():
    # Round 43 live test (reworded): "hot and shivery, very sleepy, is that normal?" got the
    # sleep-position answer under the urgent advice.
    assert "sleep" not in named("he's feverish and really sleepy today, is that normal?")
    assert named("what's the best way to sleep with it?") == ["sleep"]


def test_where_and_how_it_is_told_after_the_lifting_is_what_to_do_now():
    # Round 43 dev (reworded): the lifting that did it, then where and how tight: first aid,
    # not how to lift.
    assert named("it went on friday moving a wardrobe. lower back, really stiff") == [
        "immediate_relief"
    ]


def test_a_stretch_named_by_its_first_word_is_that_stretch():
    # Round 43 live test (reworded): "how do i do the pelvic one" after the list got the list.
    assert named("and how do you do the pelvic one?") == ["stretch_pelvic_tilt"]
    assert named("the cat one, how many times?") == ["stretch_cat_camel"]


def test_the_gps_surgery_is_no_question_about_an_operation():
    # Round 44 live test (reworded): "I'll ring my surgery now" after thanks got the treatments.
    assert named("thanks, I'll phone the surgery in the morning") == []


def test_stretches_besides_those_named_are_the_stretches_in_general():
    # Round 44 live test (reworded): "I do cat camel and child's pose, anything else?" got the
    # how-to of those two, three times.
    assert named("doing the cat camel and child's pose already, anything else I could add?") == [
        "stretches"
    ]
    assert named("any others apart from the bridge?") == ["stretches"]
    assert named("how do I do the bridge?") == ["stretch_bridge"]


def test_round_45_everyday_wordings_name_their_topics():
    # Round 45 dev and live test (reworded): sweating at work, a carer's comfort, "what else",
    # "what's good for it" fell back or got another topic.
    assert "hydration" in named("it's roasting in the barn and I sweat loads, does that matter")
    assert "rest_positioning" in named("how can the carers make her more comfortable?")
    assert "immediate_relief" in named("ok. what else then?")
    assert "immediate_relief" in named("whats good for the spasm so I can keep working")


@pytest.mark.parametrize(
    "text",
    [
        # round 47 dev (reworded): a shift at work tomorrow, asked in text speak
        "on lates again tmrw, shud i go in or nah",
        "should I call in sick or just do my night shift?",
    ],
)
def test_going_in_to_work_is_resting_or_moving(text: str) -> None:
    assert named(text) == ["rest_vs_moving"]


def test_nothing_shifting_it_is_no_shift_at_work() -> None:
    assert "rest_vs_moving" not in named("nothing's shifting it, ice didn't work")


@pytest.mark.parametrize(
    "text",
    [
        # round 44 dev (reworded): a spasm that is not easing, said without a question
        "sorry to bother you again, it's just not easing",
        "nothing seems to be helping",
    ],
)
def test_a_spasm_not_easing_is_home_remedies_not_working(text: str) -> None:
    decision = decide_topic([("hydration", 0.11), ("stress", 0.08)], text=text)
    assert decision.answer == "home_remedies_fail"


def test_a_back_belt_is_about_lifting() -> None:
    # round 42 and 47 dev (reworded): the articles name no belt; their lifting advice answers
    decision = decide_topic(
        [("advanced_treatments", 0.12), ("sleep", 0.08)],
        text="what about those back support belts the lads at work wear?",
    )
    assert decision.answer == "lifting"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # Round 53 dev (reworded): a hot water "fomentation", heat patches, the third person,
        # "how long it stay"; a way of preventing named with prevention is that way.
        ("she does hot water fomentation with a bottle, is that right?", "heat"),
        ("will heat patches work under my uniform?", "heat"),
        ("Gaz has put his back out again lifting. What should Gaz do", "immediate_relief"),
        ("my back is spasm since yesterday. how long it will stay?", "duration"),
        ("is pilates good for prevention?", "yoga_mindfulness"),
        ("best way to sleep so it doesn't come back?", "sleep"),
    ],
)
def test_heat_words_the_third_person_and_a_way_to_prevent_name_their_topic(text, topic):
    assert decide_topic([("prevention", 0.5), ("hydration", 0.3)], text=text).answer == topic


def test_going_back_on_site_is_about_resting_or_moving():
    # Round 53 dev (reworded): the pints told before the question got the water answer.
    text = "Couple of beers helped last night. Am I alright to go back on site tomorrow?"
    assert named(text)[-1] == "rest_vs_moving"


def test_using_both_is_alternating_ice_and_heat():
    # Round 53 dev (reworded): "heat?" then "can i use both" got the heat answer again.
    assert named("could I do both?") == ["hot_cold_alternating"]


def test_is_that_dangerous_asks_about_the_thing_just_told():
    # Round 51 dev (reworded): a heat pad left on while asleep, then "Is that dangerous?",
    # got the list of warning signs; a sign told before it still asks about the signs.
    text = "He dozed off with the wheat bag on his back last night. Is that dangerous?"
    assert named(text) == ["heat"]
    assert named("my feet have gone numb. is that dangerous?") == ["warning_signs"]


def test_stopping_a_daily_walk_is_about_resting_or_moving():
    # Live test, round 54 (reworded): "one more doubt, should I stop my morning walk" fell back.
    assert named("one doubt: should I skip my evening walk or keep at it?") == ["rest_vs_moving"]

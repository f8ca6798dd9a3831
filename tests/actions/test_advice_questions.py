"""What a message right after escalation advice is about (actions/advice_questions.py)."""

from __future__ import annotations

import pytest

from actions.advice_questions import ambulance_on_its_way, question_kind, question_kinds


@pytest.mark.parametrize(
    "text, kind",
    [
        ("would an uber be ok", "driven"),
        ("my mate can drive me in his van, that ok?", "driven"),
        ("shall I have some tramadol while I wait for them", "waiting"),
        ("what do I tell them when they pick up", "what_to_say"),
        ("should i mention my prostate cancer to the paramedics", "what_to_say"),
        ("do we have to tell them she takes blood thinners", "what_to_say"),
        ("is she allowed a drink of water while we wait", "waiting"),
        ("they're here, thanks so much", "arrived"),
        ("we're in a&e now, waiting to be seen", "arrived"),
        # Round 51 dev (reworded): a nurse at work in a hospital, then taken down to ED.
        ("im actually at the hospital, i work here", "arrived"),
        ("told the sister, they're wheeling me down to a&e", "arrived"),
        ("we rang them, they said two hours wait. can she lie down till then?", "waiting"),
        ("called them. can he lie flat?", "waiting"),
        ("called them. he's lying flat on the floor now", "underway"),
        ("what should i actually say to the receptionist", "what_to_say"),
        ("dont need a call back, the paramedics are on their way", "underway"),
        ("rang 999, they're sending someone", "underway"),
        # live test, round 54 (reworded): help called and slow to come, what to do meanwhile
        ("the paramedics are taking ages, what do we do", "underway"),
        ("taxi's booked, off now", "ok"),
        # the person it is for will not go: how to get them seen
        ("she won't go, keeps saying it's just a pulled muscle. what do i say to her", "persuade"),
        ("he thinks I'm making a fuss", "persuade"),
        # a lift later is putting the advice off
        ("my son is home at 6, he could take me then?", "delay"),
        ("my partner gets in at 7 tonight, we wait for him ok?", "delay"),
        ("how long before someone rings me?", "callback"),
        # round 32 dev (reworded)
        ("will somebody from the clinic follow up afterwards?", "callback"),
        # live test, round 32 (reworded): on the way, calling, getting ready for help
        ("my sister's here now, off to the hospital", "ok"),
        ("okay ringing them. shall i open the front door?", "waiting"),
        ("right. should i take the hot water bottle off", "waiting"),
        # comfort in the car someone else drives: not a question of driving
        ("should he have a cold pack on his back in the car?", "advice"),
        # live test, stop 44 (reworded): someone else fetches the car; the ice is asked
        ("while my husband gets the car can I hold an ice pack on it?", "advice"),
        ("ok. bring anything?", "what_to_say"),
        # live test, stop 44, second pass (reworded)
        ("ok I call them. what I do while I wait?", "waiting"),
        ("my brother is driving, we're nearly there", "driven"),
        ("that's frightening. are you saying it could be serious?", "worried"),
        # Round 51 dev (reworded): "half" of a school is no half marathon; flu is a worry.
        ("might it only be a virus? half my class have been off", "worried"),
        ("ive got a half marathon in 2 weeks, can i still do it", "sport"),
        ("can i still play sports this weekend", "sport"),
        # Live test, round 52 (reworded): a sports massage is no sport.
        ("can my dad get a sports massage there", "advice"),
        # Round 51 dev (reworded): telling it at a physio's later slot puts the advice off.
        ("the chiro's next slot is monday, I'll raise it then?", "delay"),
        # Round 51 dev (reworded): the time of the people who help; what to take while
        # sorting it out; a medicine the GP already gave.
        ("will the doctors think im a time waster", "judged"),
        ("what can I give her for the fever while we sort it", "waiting"),
        ("do I carry on taking the co-codamol?", "usual_medicine"),
        ("I'll bring it up at my review in March", "delay"),
        (
            "on the phone to them, the operator asked me how it started, I say lifting?",
            "what_to_say",
        ),
        ("thanks ever so much, that was really helpful of you", "ok"),
        # paying or paperwork must not stop the call
        ("does the ambulance cost anything? we're not from here", "cost"),
        ("i dont have an nhs number yet, can i still call?", "cost"),
        ("my husband bill can drive me", "driven"),
        ("fine. my bf will drive me", "driven"),
        ("should i bring anything with me", "what_to_say"),
        ("ok i'll ring 111 with her now. what will they want to know?", "what_to_say"),
        # what will be done there (round 21): the articles' diagnosis, and the advice
        ("ok what are a&e gonna do", "what_happens"),
        ("will they do an mri?", "what_happens"),
        ("I have meetings all day. Tomorrow morning is ok?", "delay"),
        ("should i move him? he's on the patio still", "waiting"),
        ("right am goin. my mate's drivin me", "driven"),
        # whether to call an ambulance (live test, round 23), not "being driven is fine"
        ("i'm not driving, SHE can't walk. should i ring an ambulance", "ambulance"),
        ("she CANNOT WALK since the fall. ambulance yes or no", "ambulance"),
        ("999 or 111, which one, for someone who cant get up after a fall?", "ambulance"),
        ("the ambulance is on its way, can i give him some water?", "waiting"),
        ("does he need to take anything with him? he's on metformin", "what_to_say"),
    ],
)
def test_what_a_question_after_emergency_advice_is_about(text, kind):
    assert question_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # No appointment soon is a shut practice (live test, round 18).
        ("the practice has nothing free until Friday", "closed"),
        ("my doctor can't fit me in till next week", "no_gp"),
        ("I have nothing to do till Monday, can I just rest?", "advice"),
        # Who will hear of it, and going after all.
        ("ok. will you let her doctor know", "callback"),
        ("I'll go after my shift... actually no, I will go now", "ok"),
        ("ok calling now. what I say to them?", "what_to_say"),
        # A new symptom once help is coming (live test, round 27): call again, with it.
        (
            "I already called 999!! should i ring them again and tell them about the foot?",
            "call_again",
        ),
        ("should we call 999 again", "call_again"),
        ("i called them back and they said 2 hours", "underway"),
        # The number asked again (live test, round 29, reworded).
        ("sorry whats the number again", "number"),
        ("which number do we ring", "number"),
        # After the shift (round 30 dev, reworded).
        ("im on earlies tomorrow, can i go after work?", "delay"),
        ("what was that reference number?", "advice"),
        # Afraid of being judged (stop 41's live test, reworded): it got the advice only.
        ("will the doctors judge me, i took something last night", "judged"),
        ("am i going to get in trouble for the weed?", "judged"),
        ("im so embarrassed to call", "judged"),
        # Asking for the ambulance to be called for them (stop 42's live test, reworded).
        ("im on my own, can the clinic ring an ambulance for me", "call_for_me"),
        ("can you call 999 for us yes or no", "call_for_me"),
        # Moving someone who fell into a car (stop 42's live test, reworded)
        ("should we lift her up and put her in the car? could be ages", "driven"),
        ("can we get him up off the floor", "waiting"),
        # In the ambulance already; the clinic's details asked about (live test, reworded)
        ("i'm already in the ambulance, i told you", "arrived"),
        ("on the ambulance now. the clinic's got my number yeah?", "callback"),
        # Not with the person (second live test, round 35, reworded): the ambulance, not a lift
        (
            "im half an hour away from her, do i drive over and take her or ring an ambulance",
            "ambulance",
        ),
        ("I'm not with him, should I drive over and take him in?", "ambulance"),
        # Told formally (second live test, round 35, reworded): help under way
        ("I have telephoned 999 and they are sending someone.", "underway"),
        # Live test, round 47 (reworded): a lift asked about, and the GP needed later for a
        # sick note, got "No, please don't cancel".
        ("is my housemate driving alright? or do i still need the gp for a note after", "driven"),
        ("she's a bit better, do we still need to go?", "cancel"),
        # Live test, round 48 (reworded): stopping a blood thinner before being seen got the
        # advice again, twice.
        ("my son will drive me. should I stop my apixaban in case?", "stop_medicine"),
        ("ok but the warfarin, do I stop it or not?", "stop_medicine"),
    ],
)
def test_more_kinds_of_message_after_the_advice(text: str, kind: str) -> None:
    assert question_kind(text) == kind


def test_what_a_question_after_the_advice_is_about():
    assert question_kind("can I drive myself there?") == "drive"
    assert question_kind("will someone ring me?") == "callback"
    assert question_kind("ok going now") == "ok"
    assert question_kind("thanks, I'm frightened") == "worried"
    assert question_kind("what do I do now?") == "advice"
    for doubt in (
        "is that bad?",
        "why 999?? it's just his back muscles",
        "seriously? bit much",
        # Not following the advice gets why it matters too.
        "I'll have a cold drink and sit down",
        "i'm not going to a doctor they'll judge me",
        # Round 39 dev (reworded): playing it down after same-day advice.
        "prob just all the stress at work right?",
        # Round 43 live test: one word after the advice.
        "serious?",
        "that bad??",
    ):
        assert question_kind(doubt) == "why", doubt
    for delay in (
        "i'd rather wait and see",
        "can it wait till monday",
        "can I wait for my husband to get home at 6?",
        "maybe just muscle, paracetamol first and wait half an hour?",
        "gp's shut, ibuprofen and see how he is tomorrow?",
    ):
        assert question_kind(delay) == "delay", delay
    for waiting in (
        "Ok I call ambulance. What I do until they come?",
        "ringing them now. what do i do till they get here",
        "should i take an aspirin",
        "what do I do with him meanwhile? should he lie down?",
        "they said the ambulance will be an hour, what do i do till then",
        "what do I do while I wait for the ambulance",
    ):
        assert question_kind(waiting) == "waiting", waiting
    assert question_kind("ok who do i ring") == "advice"
    for underway in ("alright the paramedics are on their way", "i rang 999, they are coming"):
        assert question_kind(underway) == "underway", underway
    assert question_kind("we're heading off to the hospital now") == "ok"
    # Round 39 dev (reworded): "called ambulance", no article.
    for called in (
        "ambulance called, he's on the sofa",
        "999 has been rung. what now",
        "ok I rang ambulance, thank you",
        # Live test, round 39 (reworded): non-native
        "I called, they come. What I do now?",
    ):
        assert ambulance_on_its_way(called), called
    for asked in ("has the ambulance been called?", "did anyone ring 999 for him?"):
        assert not ambulance_on_its_way(asked), asked
    assert question_kind("how long until the ambulance is here?") != "ok"
    for driven in (
        "my husband will drive me to a&e",
        "can my missus drive me",
        "we'll take him to a&e",
        "my son is taking me now",
        "the wife's getting the car, she'll drive. should I take more ibuprofen?",
        "I'm not driving, he is!",
        "Son's coming. Ten minutes.",
    ):
        assert question_kind(driven) == "driven", driven
    assert question_kind("would ringing 111 be alright instead?") == "instead"
    # "999??" with the GP put instead: "No, don't wait", never "Yes. Call ..." (live test 28).
    assert question_kind("999?? its not like im dying. cant i just see my gp tomorrow") == "instead"
    # round 28 dev, reworded: a lift in hours is a delay; a lift that did not happen is none
    assert question_kind("my flatmate can drive me in about 3 hours when she's home") == "delay"
    assert question_kind("the ambulance crew saw him but didn't take him in") == "advice"
    assert question_kind("aight ringing them") == "ok"
    assert question_kind("can I drive there myself") == "drive"


@pytest.mark.parametrize(
    "text, kind",
    [
        # Live test, round 29 (reworded): cycling there, a lift in 40 minutes, a bath first and
        # "if it goes off in half an hour" are not answered "fine".
        ("right, I'll just bike down to A&E then, it's close", "drive"),
        ("can i walk to the hospital, its 10 mins", "drive"),
        ("my partner can take me once he's home, maybe 45 minutes?", "delay"),
        ("could I grab a shower first, I'm all sweaty", "delay"),
        ("I'll lie on a hot water bottle and if it eases in an hour I'm ok right", "delay"),
        # no practice to call, or a change while help comes (round 29 dev and live test, reworded)
        ("im on a student visa and i have no gp here, where do i go?", "no_gp"),
        ("the surgery is fully booked today, now what", "no_gp"),
        ("what is 111? never heard of it", "no_gp"),
        ("he has gone all grey and clammy", "call_again"),
        # the writer worse while waiting (live test, stop 48, reworded)
        ("i feel like im about to pass out", "call_again"),
        ("still no ambulance and im feeling worse, really dizzy", "call_again"),
        # a lift that is nearly there is being driven, not a delay
        ("my son is coming in 10 minutes to take me", "driven"),
    ],
)
def test_unsafe_plans_after_emergency_advice_are_read_as_such(text: str, kind: str) -> None:
    assert question_kind(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        # Round 33 dev (reworded): a relative who will say it can wait, how to persuade them.
        "she'll say it can wait till after the holidays. what do I say to her?",
        "he says it can wait, how do I convince him",
    ],
)
def test_a_relative_who_will_put_it_off_is_persuading(text):
    assert question_kinds(text)[0] == "persuade"


def test_a_taxi_asked_about_beside_the_ambulance_named_is_about_the_taxi():
    # Live test, round 33 (reworded): "Yes. Call 999" read as yes to the taxi.
    text = "I'm on my own and don't want to bother an ambulance. Can I get a cab?"
    assert question_kinds(text)[0] == "driven"
    assert question_kinds("he can't stand up. ambulance or not?")[0] == "ambulance"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Live test, round 33 (reworded): each got the advice again or the call-back answer.
        ("ok I ring them now. What I should bring to the hospital?", "what_to_say"),
        ("yes. ambulance said maybe 2 hours. what do I do while I wait?", "waiting"),
        ("why today tho, I said no fever. will they call the police?", "why"),
        ("the hospital is two stops on the tube, can I go alone?", "transport"),
        # Live test, stop 48 (reworded): what it is, which only a doctor can tell
        ("be straight with me, is it likely to be cancer?", "why"),
        ("is it the disc thing again?", "why"),
        # help called, then worse while waiting (live test, stop 48, reworded)
        ("ok ive rung them now", "underway"),
        ("yep. i think im going to faint", "call_again"),
    ],
)
def test_what_to_bring_a_wait_told_and_a_why_first_are_read(text, kind):
    assert question_kinds(text)[0] == kind


def test_a_time_of_ones_own_asked_about_gets_whether_it_is_soon_enough():
    # Round 43 dev (reworded): "the surgery this afternoon, is that soon enough?" after
    # same-day advice got only "being driven is a good idea".
    from actions.advice_responses import Escalation, advice_response

    text = "my son can run me to the GP at 4 today if they fit me in. soon enough?"
    assert question_kind(text) == "soon_enough"
    assert question_kinds("is it too late to take ibuprofen?")[0] != "soon_enough"
    urgent = Escalation("urgent", False, 1)
    assert advice_response(urgent, "soon_enough", "111") == (
        "utter_escalation_after_soon_enough_urgent_service"
    )
    soon = Escalation("soon", False, 1)
    assert advice_response(soon, "soon_enough") == "utter_escalation_after_soon_enough_soon"
    emergency = Escalation("emergency", True, 1)
    assert advice_response(emergency, "soon_enough") == "utter_escalation_after_delay_emergency"


@pytest.mark.parametrize(
    "text",
    [
        # Live test, round 52 (reworded): a bus question got "don't drive yourself", and "no
        # car" got the call-back decline.
        "on my own here. no car. what do i do",
        "is it alright if I go there with the bus by myself?",
        "the bus then, is that ok to take?",
        "haven't got a car and nobody to take me",
        # live test, round 54 (reworded): the car away with someone, two buses
        "my partner's got the car, she's at work",
        "it's three buses to the hospital, is that alright",
    ],
)
def test_no_car_or_a_bus_asked_about_is_about_getting_there(text):
    assert question_kinds(text)[0] == "transport"


def test_someone_to_drive_them_is_being_driven_even_without_a_car():
    assert question_kinds("no car of my own but my neighbour can take me") == ["driven"]


def test_a_practice_that_never_answers_the_phone_is_closed():
    # Live test, round 54 (reworded): "the surgery never picks up before 8am" after same-day
    # advice got the article on injections and surgery.
    assert question_kinds("our GP never answers before 8 and it's only 7")[0] == "closed"

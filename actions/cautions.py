"""Cautions for the person a question is about: a child, an older person, pregnancy, blood thinners.

Also for a past back operation or disc problem (with exercise and hands-on treatment answers)
and for medicine prescribed for someone else (with medicine answers).

The articles are written for adults in general. When a patient asks for someone the articles do
not cover ("my dad is 82 and on warfarin, what painkillers can he take?"), the topic's answer
comes with that person's caution (`utter_caution_<kind>`, domain/cautions.yml): ask a
pharmacist, midwife or doctor first. It comes before the answer, so that nobody reads "ibuprofen
can ease the pain" first. A person named in the current message gets the caution with any
answer; one named earlier in the session with every answer about medicines and supplements,
and a pregnancy named earlier also with answers about exercise, stretches, heat and sleep.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Set, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.topics import topic_buttons
from clinic.weekdays import days_told

#: A relative who gives advice rather than needs it ("my daughter says ibuprofen gel is the thing").
_ADVISES = (
    r"(?!\s+(says|said|reckons|thinks|thought|told|tells|recommends|recommended|suggests|"
    r"suggested|swears|bought|gave|got me|is a (nurse|doctor|physio)))"
)
#: A relative named only as the owner of a place or thing ("helping in my daughter's garden").
_OWNER_ONLY = (
    r"(?!'s (house|home|place|flat|apartment|garden|allotment|farm|wedding|party|birthday|"
    r"school|work|car|kids|children|baby|dog|cat|new|old|spare|bed|bedroom|room|sofa|couch|"
    r"mattress|caravan|holiday|graduation|football|match|game|toys?|stuff|things|pram|buggy|"
    r"cot|bag|boyfriend|girlfriend|husband|wife|friend|teacher|school run|shoes?|trainers|boots|"
    r"clothes|coat|bike|scooter|skateboard|homework|lunch|lunchbox|books?|backpack|schoolbag|"
    r"school bag|nappy|nappies|car seat|pushchair|highchair|high chair|stroller|bath|mess|"
    r"laundry|washing|bottles?|swing|trampoline|climbing frame)\b)"
)
#: A grown-up son or daughter who helps the writer ("my daughter is driving", "could they ring
#: my son instead", "my son (53)"), not a child the question is about.
_HELPS = (
    r"(?!\s*[,(]?\s*((is|'s) )?(1[89]|[2-9]\d)\b)"
    r"(?!\s+(is|will|can|could|'ll)?\s*(driving|drive|drives|take me|taking me|come|coming|"
    r"accompany|answer|speak for me|ring|call)\b)(?!\s+is\s*[.,;!])"
)
_HELPED_BY = r"(?<!\bring )(?<!\bcall )(?<!\bphone )(?<!\bcontact )(?<!\bto )"
#: The writer is that relative ("I'm his son"), not writing about one.
_WRITER_IS = r"(?<!\bi'm )(?<!\bi\u2019m )(?<!\bim )(?<!\bi am )(?<!\bas )"
#: A child carried in a pregnancy now over ("when I was pregnant with my youngest").
_CARRIED = r"(?<!\bpregnant with )(?<!\bexpecting )"
#: A relative's home named as a place ("I was at my daughter's, helping with the garden").
_AT_SOMEONES = re.compile(r"\b(at|to|from|round|over at) (my|our|his|her) \w+'s\b", re.I)
#: A thing's age, not a person's: "does a new mattress help? mine is like 12 years old".
_THINGS_AGE = re.compile(
    r"\b(mine|ours|it|its|it's|the (mattress|bed|sofa|couch|chair|car|house|pillow)|"
    r"my (mattress|bed|sofa|couch|chair|car|pillow))\s+(is|'s|was)\s+"
    r"(like |about |around |nearly |almost |over |at least )?\d+\s*(years?|yrs?)\s*old\b",
    re.I,
)
#: Who or what the answer may not fit (a person, a medicine that is not theirs), with the words
#: that name them, most specific first.
CAUTION_KINDS: Tuple[Tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        (
            "blood_thinner",
            r"\bblood[- ]?thin\w*|\banti-?coagula\w*|\bwarfarin\b|\bcoumadin\b|\bapixaban\b|"
            r"\beliquis\b|\brivaroxaban\b|\bxarelto\b|\bedoxaban\b|\bdabigatran\b|"
            r"\bclopidogrel\b|\bplavix\b",
        ),
        (
            "pregnancy",
            # not "when I was pregnant with my youngest": a pregnancy that is over
            r"(?<!\bwas )(?<!\bwere )\bpregnan\w*|\bexpecting (a baby|twins)\b|"
            r"\bweeks gone\b|"
            r"\b(first|second|third) trimester\b|"
            # "can I put a heat pad on it or is that bad for baby"
            r"\b(bad|safe|ok|okay|alright|harmful|dangerous|risky) for (the |my |our )?"
            r"(baby|bump)\b|\b(harm|hurt) (the |my |our )?(baby|bump)\b",
        ),
        (
            # breastfeeding: medicines may pass into the milk; heat, baths and positions are
            # the articles' own (live test, round 52: a new mum was sent to her midwife about
            # ice or heat)
            "breastfeeding",
            r"(?<!\bnot )(?<!\bnot the one )\bbreast-?fee?d\w*|\bbf'?ing\b|"
            r"\b(nursing|feeding) (my|the|our) (baby|newborn|little one)\b|\bwhile bf\b",
        ),
        (
            "child",
            _CARRIED
            + _WRITER_IS
            + _HELPED_BY
            + r"\b(my|our|her|his) (little |teenage )?(son|daughter|kid|child|boy|girl|teenager)\b"
            + _HELPS
            + _ADVISES
            + _OWNER_ONLY
            + r"|"
            r"\b(1[0-7]|[2-9])[- ]?(years?|yrs?)[- ]?old\b|\b(1[0-7]|[2-9]) ?yo\b|"
            r"\bteenagers?\b|\b(can|could|should|do|are) (kids|children|teens)\b|"
            r"\bfor (kids|children|a child|a kid|teens)\b|"
            + _CARRIED
            + r"\bmy (lad|lass|wee one|little one|youngest|eldest)\b|"
            r"\b(son|daughter|lad|lass|boy|girl)('s| is) (1[0-7]|[2-9])\b|"
            # "im 16 can i take ibuprofen", "he's 14"
            r"\b(i'?m|im|i am|he'?s|hes|he is|she'?s|shes|she is|aged?) (1[0-7]|[2-9])\b"
            r"(?!\s*(kg|st|stone|lbs?|days?|weeks?|months?|hours?|hrs?|mins?|minutes|cm|%|:|am|pm|"
            r"o'?clock|percent))",
        ),
        (
            "older",
            r"\belderly\b|\bolder (person|people|parent|relative|man|woman|lady)\b|"
            r"\bmy (old )?(mum|mom|mother|dad|father|gran|granny|grandma|grandmother|"
            r"grandad|granddad|grandpa|grandfather|nan|nana)\b" + _ADVISES + _OWNER_ONLY + r"|"
            r"\b([6-9]\d|1[01]\d)[- ]?(years?|yrs?)[- ]?old\b|\b(in (his|her|their) )?[7-9]0s\b|"
            r"\bpensioner\b",
        ),
        (
            # "my friend gave me a couple of her diazepam, ok to take?": never someone else's
            "someone_elses_medicine",
            r"\b(friend|mate|mum|mom|dad|sister|brother|neighbou?r|wife|husband|partner|"
            r"flatmate|colleague|someone|somebody|he|she|they)('?s)? (gave|give|has given|"
            r"offered|lent|handed) (me|him|her|us)\b[^.?!]{0,40}"
            r"\b(diazepam|valium|tramadol|co-?codamol|codeine|cyclobenzaprine|baclofen|"
            r"gabapentin|pregabalin|prescription|pills|tablets|muscle relaxants?)\b|"
            r"\b(her|his|their|(my|a) (friend|mate|mum|mom|dad|sister|brother|neighbou?r|wife|"
            r"husband|partner|flatmate|colleague)'?s) (old |spare |left-?over )?(diazepam|valium|"
            r"tramadol|co-?codamol|codeine|cyclobenzaprine|baclofen|gabapentin|pregabalin|"
            r"prescription|muscle relaxants?)\b|"
            # "my friend have diazepam from poland ... I can take one?" (live test, round 47)
            r"\b(friend|mate|mum|mom|dad|sister|brother|neighbou?r|wife|husband|partner|"
            r"flatmate|colleague|someone|somebody)('?s)? (has|have|had|got|has got|gets) "
            r"(some |a few |a couple of |loads of |his |her |their |spare |old )*(diazepam|valium|"
            r"tramadol|co-?codamol|codeine|cyclobenzaprine|baclofen|gabapentin|pregabalin|"
            r"muscle relaxants?)\b",
        ),
        (
            # a past operation or disc problem: exercises and hands-on treatments are to be
            # checked first ("especially if you have a history of back problems")
            "back_history",
            r"\b(micro)?discectomy\b|\blaminectomy\b|\bspinal (fusion|surgery|op|operation)\b|"
            r"\b(back|spine|disc) (surgery|op|operation)\b|"
            r"\b(op|operation|surgery) on (my|his|her|the) (back|spine|disc)\b|"
            # not a disc asked about: "are spasms after sitting a sign of a slipped disc?",
            # "could it be a slipped disc" (live test, round 52)
            r"(?<!\bsign of a )(?<!\bsigns of a )(?<!\bbe a )(?<!\bit a )(?<!\bmean a )"
            r"(?<!\bcause a )(?<!\bgive you a )(?<!\bget a )"
            r"\b(slipped|herniated|prolapsed|bulging|ruptured) discs?\b|"
            r"\b(disc herniation|disc prolapse|herniation|spinal stenosis|spondylolisthesis)\b",
        ),
        (
            # a fluid limit from a doctor or nurse (the heart, the kidneys): theirs, not the
            # articles' glasses a day
            "fluid_limit",
            r"\b(limit|limits|limited|restrict|restricts|restricted|cap|caps|capped)\b[^.?!]{0,30}"
            r"\b(fluids?|drinks?|drinking|water|intake)\b|\bfluid (restriction|limit|allowance)\b|"
            r"\b(heart failure|kidney (failure|disease)|dialysis)\b",
        ),
        (
            # a drink of alcohol, asked about with the water answer: the articles say nothing
            # of alcohol, and the answer says so before the water
            "alcohol",
            r"\b(alcohol|alcoholic|beers?|wine|booze|champagne|prosecco|pints?|spirits|vodka|"
            r"whisk(e)?y|gin|rum|cocktails?|hang ?over|hungover)\b",
        ),
    )
)
#: Topics about how much to drink (the fluid limit's caution goes with these).
DRINK_TOPICS = frozenset({"hydration", "cause_dehydration", "electrolyte_foods"})
#: Topics whose answers name medicines to take: for a child, in pregnancy or with a blood
#: thinner the answer is withheld ("NSAIDs such as ibuprofen can ease the pain" must not follow
#: "ask a pharmacist first"); the caution alone sends them to someone who can say.
WITHHELD_TOPICS = frozenset(
    {
        "otc_medicines",
        "muscle_relaxants",
        "topical_creams",
        "supplements",
        "herbal_remedies",
        "essential_oils",
    }
)
#: Topics about something taken or put on the skin: a person named earlier still matters.
MEDICINE_TOPICS = WITHHELD_TOPICS | frozenset({"natural_remedies", "electrolyte_foods"})
#: Pregnancy lasts: named earlier, it still matters for what is done to the body, not only taken.
PREGNANCY_TOPICS = MEDICINE_TOPICS | frozenset(
    {
        "stretches", "stretch_knee_to_chest", "stretch_pelvic_tilt", "stretch_cat_camel",
        "stretch_childs_pose", "stretch_bridge", "stretch_hamstring", "stretch_safety",
        "aerobic_exercise", "core_strengthening", "regular_exercise", "exercise_safety",
        "yoga_mindfulness", "sleep", "rest_positioning", "heat", "ice_or_heat",
        "hot_cold_alternating", "warm_bath", "home_remedies", "immediate_relief", "massage",
        "acupuncture", "chiropractic", "tens", "physical_therapy",
    }
)  # fmt: skip
#: Topics about what to take or do for the spasm (the older person's caution goes with these).
CARE_TOPICS = PREGNANCY_TOPICS | frozenset({"hydration", "advanced_treatments"})
#: What to do to the back (the past operation's or disc problem's caution goes with these).
BACK_HISTORY_TOPICS = frozenset(
    {
        "stretches", "stretch_knee_to_chest", "stretch_pelvic_tilt", "stretch_cat_camel",
        "stretch_childs_pose", "stretch_bridge", "stretch_hamstring", "stretch_safety",
        "aerobic_exercise", "core_strengthening", "regular_exercise", "exercise_safety",
        "yoga_mindfulness", "massage", "chiropractic", "physical_therapy", "tens",
    }
)  # fmt: skip
WITHHOLDING_KINDS = frozenset({"blood_thinner", "pregnancy", "breastfeeding", "child"})
WITHHELD_RESPONSE = "utter_caution_answer_withheld"
#: The same reason again, shorter, for the next medicine question right after it.
WITHHELD_AGAIN_RESPONSE = "utter_caution_answer_withheld_again"
#: Answers replaced in pregnancy ("sleep on your back" first is one to check with the midwife).
PREGNANCY_ANSWERS = {
    "sleep": "utter_caution_pregnancy_sleep",
    # the first-aid answers say to lie on your back (not advised late in pregnancy)
    "immediate_relief": "utter_caution_pregnancy_relief",
    "rest_positioning": "utter_caution_pregnancy_relief",
    # "Yes. Warm water can help" right after "ask them about heat, hot baths" read as a
    # contradiction (live test, stop 44)
    "warm_bath": "utter_caution_pregnancy_heat",
    "heat": "utter_caution_pregnancy_heat",
    # "can she use a hot water bottle, or is ice better?" (second live test, round 37)
    "ice_or_heat": "utter_caution_pregnancy_ice_or_heat",
}
#: "Ice or heat?" or "what can I do for it?" asked more than three days in: the articles'
#: answer for then (heat, not ice).
LATER_ANSWERS = {
    "ice_or_heat": "utter_caution_heat_after_three_days",
    "ice": "utter_caution_heat_after_three_days",
    "immediate_relief": "utter_caution_relief_after_three_days",
}
_PAST_THREE_DAYS = re.compile(
    # not a time ahead: "a competition in 10 days", "in two weeks' time"
    r"(?<!\bin )(?<!\bin the next )(?<!\bwithin )(?<!\bfor the next )"
    # nor how often: "plays football 4 times a week", "twice a week", "every week"
    r"(?<!\btimes )(?<!\bonce )(?<!\btwice )(?<!\bper )(?<!\bevery )"
    r"\b((a|one|two|three|four|five|six|few|couple of|several|\d{1,2}) weeks?\b|fortnight\b"
    r"|(a|one|two|few|couple of) months?\b"
    r"|([4-9]|1\d|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen) days\b)"
    # nor an age: "she's 7 weeks old", "my 6 week old" (live test, round 49), nor how long
    # since a birth: "7 wks postpartum", "6 weeks pregnant" (live test, round 52)
    r"(?!'? time\b)(?![\s-]*(old|postpartum|post[- ]partum|pregnant|after (the )?birth|"
    r"since (the )?birth|post ?natal)\b)"
    r"|\bday ([4-9]|1\d|four|five|six|seven|eight|nine|ten)\b|\bsince last week\b",
    re.I,
)
#: The latest message says the spasm is new ("it happened YESTERDAY evening", "less than 24
#: hours"): that wins over an older message's time.
_NEW_SPASM = re.compile(
    r"\b(yesterday|last night|this (morning|afternoon|evening)|earlier today|"
    r"(less|under) than (24|48|a day|two days|2 days)|(only|just) (a|one|1|2|two) days?|"
    r"day (one|1|two|2|three|3))\b",
    re.I,
)
#: A count of three days or fewer ("it's been like this about 2 days"), not "more than 2 days".
_FEW_DAYS = re.compile(
    r"(?<!more than )(?<!over )(?<!longer than )(?<!than )"
    r"\b(1|2|3|one|two|three|a couple of|couple of|a few) days?\b",
    re.I,
)
#: The articles' line between ice first and heat after ("the first 72 hours").
THREE_DAYS = 3
#: What the withheld answer offers instead: ways to ease a spasm without a medicine.
NO_MEDICINE: Tuple[str, ...] = ("ice_or_heat", "stretches", "rest_positioning")
#: How many earlier patient messages of the session are read for a person.
EARLIER_MESSAGES = 6
RESPONSE_PREFIX = "utter_caution_"


def persons_in(text: str) -> List[str]:
    """The kinds of person a text names (`blood_thinner`, `pregnancy`, `child`, `older`, ...).

    Args:
        text: A patient's message.

    Returns:
        The kinds, in `CAUTION_KINDS` order, without duplicates.
    """
    text = _THINGS_AGE.sub(" ", _AT_SOMEONES.sub(" ", text))
    kinds = [kind for kind, pattern in CAUTION_KINDS if pattern.search(text)]
    if "pregnancy" in kinds and _NOT_PREGNANT_NOW.search(text) and not _PREGNANT_NOW.search(text):
        # "I used to get spasms when I was pregnant but that was 10 years ago", "I'm not
        # pregnant lol": no pregnancy now.
        kinds.remove("pregnancy")
    if _ABOUT_ME.search(text):
        # "my mum had bowel cancer years ago but this is about me": the relative is not the
        # person asked about (a pregnancy or blood thinner of the writer's own still is).
        kinds = [kind for kind in kinds if kind not in ("child", "older")]
    if _NOT_A_CHILD.search(text) and "child" in kinds:
        kinds.remove("child")
    return kinds


#: The writer says the person is no child ("mate i said its for ME, im 38. not a child", "he's
#: 74, not a child"): the child's caution, named earlier, no longer applies.
_NOT_A_CHILD = re.compile(
    r"\bnot (a |my |the )?(child|kid|kiddo|teenager|teen|minor)\b"
    r"|\b(it'?s|its|it is|this is|asking|question is) (for|about) me\b,? not (my|the|a) "
    r"(son|daughter|kid|child|boy|girl)\b|\bfor me,? not (my|the) (son|daughter|kid|child)\b"
    r"|\b(i'?m|im|i am|he'?s|hes|he is|she'?s|shes|she is) an adult\b",
    re.I,
)


#: A pregnancy that is over or denied.
_NOT_PREGNANT_NOW = re.compile(
    r"\b(not|no longer|never been|never|isn'?t|am not|i'?m not) (currently )?pregnant\b"
    # "I'm not the one breastfeeding lol", "No, I'm the dad": the writer is neither
    r"|\bnot (the one )?(who'?s |that'?s )?(breast-?feeding|nursing|pregnant)\b"
    r"|\b(i'?m|im|i am) (the|her|his|their|a|the baby'?s) (dad|father|husband|partner|daddy)\b"
    r"|\b(when|while) i was pregnant\b|\bwas pregnant\b[^.?!]*\b(years?|yrs?) ago\b"
    r"|\bpregnan\w* [^.?!]*\b(years?|yrs?) ago\b|\b(years?|yrs?) ago\b[^.?!]*\bpregnan",
    re.I,
)
#: ... unless a pregnancy now is said too ("I'm pregnant again").
_PREGNANT_NOW = re.compile(
    r"\b(i'?m|i am|im) (\d+ weeks |currently |now )?pregnant\b|\bpregnant (again|now)\b"
    r"|\b\d+ weeks (pregnant|gone)\b",
    re.I,
)
#: The writer says the question is about themselves.
_ABOUT_ME = re.compile(
    r"\b(this( one)?|it|the question) (is|was) (about|for) me\b"
    r"|\b(it'?s|its|this'?s) (about|for) me\b|\bnot (about|for) (him|her|them)\b"
    # "my nan broke her hip falling ... could that happen to me?" (live test, round 47)
    r"|\b(happen|happens|happening) to me\b"
    r"|\b(could|might|would) (i|my \w+) (be|have|get) (that|it)\b"
    r"|\bmy (spasms?|back|pain) (could|might|would|can) be (that|it|the same)\b",
    re.I,
)


def _session_events(tracker: Tracker) -> Iterable[Dict[str, Any]]:
    """The session's events, newest first (the latest message left out when it is last)."""
    events = list(tracker.events)
    for event in reversed(events[:-1] if events and events[-1].get("event") == "user" else events):
        if event.get("event") == "session_started":
            return
        yield event


#: A caution sent with one of the last this many bot messages is not sent again.
REPEAT_AFTER_MESSAGES = 6


def _recently_said(tracker: Tracker) -> Set[str]:
    """The responses among the session's last `REPEAT_AFTER_MESSAGES` bot messages."""
    said: Set[str] = set()
    seen = 0
    for event in _session_events(tracker):
        if event.get("event") != "bot":
            continue
        seen += 1
        if seen > REPEAT_AFTER_MESSAGES:
            break
        name = (event.get("metadata") or {}).get("utter_action")
        if name:
            said.add(str(name))
    return said


def cautions_for(tracker: Tracker, topic: str) -> List[str]:
    """The caution responses to send with the answer about `topic` (before it).

    Args:
        tracker: The conversation (its latest message is the question).
        topic: The topic answered.

    Returns:
        `utter_caution_<kind>` names.
    """
    text = str((tracker.latest_message or {}).get("text") or "")
    kinds = persons_in(text)
    no_child = bool(_NOT_A_CHILD.search(text))
    # "No, I'm the dad, I'm not pregnant or breastfeeding!": what was read earlier is not so
    denied = "pregnancy" not in kinds and bool(_NOT_PREGNANT_NOW.search(text))
    if topic in PREGNANCY_TOPICS and not denied:
        for said in _earlier_messages(tracker):
            earlier = persons_in(said)
            if no_child:  # a child named before "not a child" was a misreading
                earlier = [k for k in earlier if k != "child"]
            no_child = no_child or bool(_NOT_A_CHILD.search(said))
            kinds += (
                earlier
                if topic in MEDICINE_TOPICS
                else [k for k in earlier if k in ("pregnancy", "back_history")]
            )
    unique = list(dict.fromkeys(kinds))
    if "older" in unique and topic not in CARE_TOPICS:
        # The older person's caution is about medicines and supplements: "my mum had a slipped
        # disc years ago, will I get one?" is answered without it.
        unique.remove("older")
    for kind in ("someone_elses_medicine", "breastfeeding"):
        if kind in unique and topic not in MEDICINE_TOPICS:
            unique.remove(kind)
    if "breastfeeding" in unique and "pregnancy" in unique:
        unique.remove("breastfeeding")  # the pregnancy caution says it
    if "back_history" in unique and topic not in BACK_HISTORY_TOPICS:
        unique.remove("back_history")  # "had a discectomy, ice or heat?": no caution needed
    for kind in ("fluid_limit", "alcohol"):
        if kind in unique and topic not in DRINK_TOPICS:
            unique.remove(kind)
    if len(unique) > 1 and "older" in unique:
        unique.remove("older")  # the other caution says more, and one "First, ..." is enough
    return [RESPONSE_PREFIX + kind for kind in unique]


def send_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic: str, cautions: bool = True
) -> None:
    """Sends the cautions for the person the question is about, then the topic's answer.

    A medicine answer for a child, in pregnancy or with a blood thinner is replaced by a line
    saying why it is not given (`WITHHELD_TOPICS`).

    Args:
        dispatcher: Where the messages go.
        tracker: The conversation (its latest message is the question).
        topic: The topic answered.
        cautions: Whether to send the cautions (False for a second answer to one message:
            they came with the first).
    """
    names = cautions_for(tracker, topic)
    kinds = {name[len(RESPONSE_PREFIX) :] for name in names}
    recently = _recently_said(tracker)
    said = set() if topic in WITHHELD_TOPICS else recently
    # Named again in this very question ("or is that bad for baby?"), the caution is what is
    # asked about: it comes again.
    asked = {RESPONSE_PREFIX + kind for kind in persons_in(_latest_text(tracker))}
    withheld = topic in WITHHELD_TOPICS and bool(kinds & WITHHOLDING_KINDS)
    if withheld and cautions and WITHHELD_RESPONSE in recently and not asked:
        # "what about the cream she has" right after the naproxen question was withheld for a
        # teenager: the same reason in one line, not the caution and the reason word for word.
        dispatcher.utter_message(
            response=WITHHELD_AGAIN_RESPONSE, buttons=topic_buttons(NO_MEDICINE)
        )
        return
    for name in names if cautions else ():
        if name not in said or name in asked:  # the same caution every time stops being read
            dispatcher.utter_message(response=name)
    if withheld:
        # "I can still tell you about other things": those things, as buttons.
        dispatcher.utter_message(response=WITHHELD_RESPONSE, buttons=topic_buttons(NO_MEDICINE))
    elif topic in PREGNANCY_ANSWERS and "pregnancy" in kinds:
        dispatcher.utter_message(response=PREGNANCY_ANSWERS[topic])
    elif topic in LATER_ANSWERS and _past_three_days(tracker):
        dispatcher.utter_message(response=LATER_ANSWERS[topic])
    else:
        dispatcher.utter_message(response=f"utter_faq/{topic}")


def _past_three_days(tracker: Tracker) -> bool:
    """Whether the patient said, now or earlier in the session, the spasm is over 3 days old.

    "ice or warm?" after "the pain is there 2 weeks" two messages before gets the answer for
    after the first 72 hours, as "ice or heat, it's day 5?" does.
    """

    # "troubled since Tuesday" on a Saturday is four days
    def past(text: str) -> bool:
        # "since Tuesday's training, 2 days": the days counted out win over the weekday's
        counted = _FEW_DAYS.search(text) is not None
        return bool(_PAST_THREE_DAYS.search(text)) or (
            not counted and (days_told(text) or 0) > THREE_DAYS
        )

    latest = _latest_text(tracker)
    if past(latest):
        return True
    if _NEW_SPASM.search(latest) or _FEW_DAYS.search(latest):
        return False  # "it only started last night", "about 2 days", after another time earlier
    return any(past(text) for text in _earlier_messages(tracker))


def _earlier_messages(tracker: Tracker) -> List[str]:
    """The session's last `EARLIER_MESSAGES` patient messages before the latest, newest first."""
    messages = [e for e in _session_events(tracker) if e.get("event") == "user"]
    events = tracker.events
    if messages and not (events and events[-1].get("event") == "user"):
        # Actions ran after the latest message (the advice before the question it asked):
        # it is still the latest, not an earlier one (live test, round 47: "my son is 15" six
        # messages back was dropped, and ibuprofen was named for him).
        messages = messages[1:]
    return [str(event.get("text") or "") for event in messages[:EARLIER_MESSAGES]]


def _latest_text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "")

"""Right after escalation advice the conversation goes on: questions get the advice again.

"is that bad?", "can I drive?", "what do I do now?", "ok", "will they call?" right after the
emergency, urgent or soon advice are answered with the essential advice for that urgency (slot
`red_flag_urgency`), never with a fallback. The wording is in domain/conversation.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from actions.conversation import denies_warning_signs, reported_flags
from actions.small_talk import THANKS
from clinic.contract import SLOT_CASE_ID, SLOT_RED_FLAGS
from escalation.flags import default_catalogue

#: The advice responses the red-flag rules send first (domain/escalation.yml).
ADVICE_ACTIONS = {
    "utter_emergency_advice": ("emergency", False),
    "utter_emergency_advice_no_driving": ("emergency", True),
    "utter_urgent_advice": ("urgent", False),
    "utter_soon_advice": ("soon", False),
}
#: How many patient messages after the advice still count as "right after" it (this one included).
WINDOW_MESSAGES = 4
#: After emergency advice, questions about it keep coming while help is on its way ("co-codamol
#: while I wait?" five messages later): it stays the context for longer.
EMERGENCY_WINDOW_MESSAGES = 10
#: A worried message ("I'm scared now") gets comfort and the advice for longer.
WORRIED_WINDOW_MESSAGES = 12

#: Someone else drives ("my husband will drive me", "can my missus drive me", "we'll take him").
#: The emergency department, named in a question about where to go.
_ER = re.compile(r"\b(a ?& ?e|a and e|er|emergency department|casualty|hospital)\b", re.I)
_DRIVEN = re.compile(
    r"\b(husband|wife|partner|missus|mrs|hubby|boyfriend|girlfriend|gf|bf|friend|mum|mom|dad|son|"
    r"daughter|brother|sister|neighbou?r|someone|somebody|they|he|she|we|mate|pal|colleague|"
    r"workmate|flatmate|housemate|roommate|cousin|uncle|aunt|auntie|gran|nan|grandad|grandpa|"
    r"grandson|granddaughter|boss|fianc[eé]e?|other half|family)\b[\w' ]{0,25}?"
    r"\b(drive|driving|take|taking|run|running)\s+(me|us|him|her|them)\b"
    r"|\b(drive|take|taking|driving)\s+(him|her|them)\b"
    # "she'll drive", "the wife's getting the car", "I'm not driving, she is"
    r"|\b(she|he|they|husband|wife|partner|missus|mrs|hubby|gf|bf|son|daughter|mum|mom|dad|friend|"
    r"mate|neighbou?r)('s|'ll| will| can| could| is going to| is gonna| is| are)\s+"
    r"(drive|driving)\b"
    r"|\b(getting|fetching|bringing) the car\b|\b(i'?m|i am) not (the one )?driving\b"
    # someone else at the wheel: a taxi, a cab, a lift
    r"|\b(taxi|uber|cab|minicab|a lift)\b",
    re.I,
)
_DRIVE = re.compile(r"\bdriv(e|ing)\b|\bthe car\b|\bget there\b", re.I)
#: "is 999 free? do I have to pay? I don't have an NHS number yet"
_COST = re.compile(
    r"\b(cost|costs|pay|paying|payment|money|free|afford|insurance|insured)\b"
    r"|\b(nhs|insurance|health) (number|card)\b|\bnot registered\b",
    re.I,
)
_CALLBACK = re.compile(
    r"\b(will|would|when|is|are) (they|someone|somebody|a doctor|the doctor|the clinic|you)\b.*"
    r"\b(call|ring|phone|contact)|\bcall ?back\b|\bring me\b|\bcall me\b"
    r"|\b(before|till|until) (they|someone|somebody|the doctor|the clinic|you) "
    r"(call|calls|ring|rings|phone|phones|contact)"
    # "will you tell his gp", "can you let the doctor know": who hears of it
    r"|\b(will|would|can|could|are) (you|u|they|the clinic|someone) (going to )?"
    r"(tell|inform|notify|let \w+( \w+)? know|pass (it|this|that) on)",
    re.I,
)
_OK = re.compile(
    r"^\W*(ok(ay)?|k|right|alright|fine|sure|will do|going|on my way|calling|doing it|"
    r"thanks?|thank you|ta)\b",
    re.I,
)
#: Help is under way ("the ambulance is on its way", "we're leaving now", "called 999").
_UNDERWAY = re.compile(
    r"\b(ambulance|paramedics?|they|help|it)('s| is| are|'re|re)? (is |are )?"
    r"(on (its|their|the) way|coming|here|outside)\b"
    r"|\b(we'?re|we are|i'?m|i am|we'?ll|i'?ll) (going|leaving|heading|off|on (our|my) way)\b"
    # a change of mind at the end: "I'll go after work... no, I will go now"
    r"|\b(i|we) (will|'ll|ll|shall) (go|call|ring|phone|head (there|in|off)) "
    r"(now|straight away|right away|today)\b"
    r"|\b(called|rang|phoned) (them|999|911|112|an ambulance|the ambulance)"
    # "uber is 12 mins away", "taxi's booked"
    r"|\b(uber|taxi|cab|lift)('s| is)? (\d+|a few|two|five|ten) ?(mins?|minutes) away\b"
    r"|\b(uber|taxi|cab)('s| is)? (booked|here|outside|coming|on (its|the) way)\b",
    re.I,
)
#: The help that is coming is an ambulance (not a lift or a taxi to the hospital).
_AMBULANCE_COMING = re.compile(
    r"\b(ambulance|paramedics?|999|911|112)\b|\b(called|rang|phoned) them\b"
    r"|\bthey'?(re| are) (coming|on (their|the) way)\b",
    re.I,
)
#: Help has come, or the patient is being seen ("the ambulance is here", "we're at A&E now").
_ARRIVED = re.compile(
    r"\b(ambulance|paramedics?|they|the crew)('s| is| are|'re|re)? (is |are )?"
    r"(here|outside|arrived|with (us|him|her|me))\b"
    r"|\b(we'?re|we are|i'?m|i am|he'?s|he is|she'?s|she is|they'?re|they are) (now )?"
    r"(at|in) (the )?(a ?& ?e|a and e|er|hospital|emergency department|ambulance|casualty)\b"
    r"|\bbeing (seen|looked at|checked)\b",
    re.I,
)
#: The person the advice is for will not go ("he's refusing", "she says it's nothing"): the
#: relative asks how to get them seen, not what to tell the call handler.
_THEY_REFUSE = re.compile(
    r"\b(he|she|they|hes|shes|theyre|dad|mum|mom|husband|wife|partner)\b[\w' ]{0,20}?"
    r"\b(refus\w*|won'?t (go|come|let|listen|have it)|will not (go|come|let|listen)|"
    r"doesn'?t want to|does not want to|"
    r"don'?t want to go|do not want to go)\b"
    r"|\b(he|she|they) (says?|keeps saying|insists?|thinks?|reckons?)\b.{0,30}\b(nothing|fine|"
    r"just|only|overreact\w*|fuss\w*)\b",
    re.I,
)
#: Waiting for help, or medicine meanwhile ("what do I do till they come", "can I take aspirin").
_WAITING = re.compile(
    r"\b(until|till|til|while|whilst|before|meantime|meanwhile)\b.{0,30}\b(come|comes|arrive|"
    r"arrives|get here|gets here|here|there|wait|waiting)\b|\bmeantime\b|\bmeanwhile\b|"
    r"\b(till|until|til) then\b|"
    r"\b(aspirin|paracetamol|ibuprofen|naproxen|co-?codamol|codeine|tramadol|painkillers?|"
    r"pain ?killers?|tablets?|pills?|meds|medicines?|medication|take something)\b"
    r"|\btake (some|any|a|my|an)\b|\b(lie|lay|sit) (down|still|flat)\b"
    # "can he have some water?": food and drink while waiting, as medicines
    r"|\b(eat|drink|water|food|cup of tea|cuppa)\b"
    r"|\bshould (i|he|she|we) (lie|lay|sit)\b",
    re.I,
)
#: A later time: "at 6", "tomorrow", "on Monday", "half an hour".
_LATER = (
    r"(tomorrow|tmrw|tmw|the morning|tonight|later|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|the weekend|next week|after work|after school|half (an )?hour|an hour|"
    r"a few hours|\d{1,2}(:\d\d)? ?(pm|am|o'?clock)?)"
)
#: Putting the advice off ("can I wait for my wife to get back at 6?", "ibuprofen first and
#: wait half an hour?", "paracetamol and see how she is on Monday?", "can it wait?"), not
#: waiting for help that is coming.
_DELAY = re.compile(
    rf"\b(wait|hold off|leave it|hang on)\b.{{0,40}}\b{_LATER}\b"
    # "my wife is back in half an hour, could she drive me then?"
    rf"|\b(back|home|here|free|up|around|off work|finished|finish|finishes|finish work|"
    rf"finishes work)\s+(in|at|by|after|around)\s+{_LATER}\b"
    # "he finish work at 6 oclock ... i wait him ok?": the time first, then the wait
    rf"|\b{_LATER}\b.{{0,60}}\b(i|we|she|he) (wait|will wait|can wait|could wait)\b"
    # "lie down for half an hour and see if it goes"
    rf"|\b(lie|lay|sit|rest|sleep)( down)? for {_LATER}\b"
    r"|\bsee if (it|this|that|the pain|they|she|he)\b.{0,15}\b(goes|go|eases|passes|settles|"
    r"stops|improves|gets better|calms)\b"
    rf"|\b(can|could) (it|this|that|i|we|he|she) (wait|go|leave it)\b.{{0,40}}\b{_LATER}\b"
    r"|\bsee how (i|he|she|it|they|we) (am|is|are|go|goes|feel|feels|get on|gets on)\b"
    r"|\b(first|then),? (and )?wait\b|\bwait (and|n) see\b|\bcan (it|this|that) wait\b",
    re.I,
)
#: Another service instead of the advice ("would ringing 111 be alright instead?").
_INSTEAD = re.compile(
    r"\b(111|gp|doctor|pharmacy|pharmacist|walk-?in|urgent care|chemist)\b.{0,40}\binstead\b"
    r"|\binstead\b.{0,30}\b(111|gp|doctor|pharmacy|pharmacist|walk-?in|urgent care|chemist)\b",
    re.I,
)
#: Doubting the advice ("why 999?", "seriously?", "do I really need to go", "it's just muscles").
_WHY = re.compile(
    r"\bwhy\b|\bseriously\b|\breally (need|have)\b|\bbit much\b|\bover ?react|"
    r"\bjust (a )?(muscle|muscles|spasm|back)\b|"
    r"\bis (that|it|this) (something |anything )?(bad|serious|dangerous)\b|"
    r"\b(isn't|is not|not) (that|an?) (emergency|serious)\b|\bwhat does (that|it|this) mean\b",
    re.I,
)
#: Not following the advice ("I'll have a cold drink and sit down", "I'm not going to a
#: doctor", "I'd rather wait and see"): answered with why it matters, like a doubt.
_REFUSES = re.compile(
    r"\b(i'?ll|i will|i'?m going to|gonna)\s+(just\s+)?(have|sit|lie|wait|see|sleep|rest|"
    r"take)\b(?!.{0,30}\b(ambulance|999|911|112|a&e|hospital|emergency)\b)"
    r"|\b(i'?m|i am)\s+not\s+(going|calling|ringing|phoning)\b"
    r"|\b(won'?t|will not|not going to|don'?t want to|dont want to)\s+(go|call|ring|phone|bother|"
    r"waste|trouble)\b"
    r"|\brather\s+(not|wait)\b|\bwait and see\b",
    re.I,
)
#: What to tell the call handler or the doctors ("what do I say when they answer?").
_WHAT_TO_SAY = re.compile(
    r"\bwhat (do|should|shall|must) (i|we) (actually |even |exactly )?(say|tell)\b|\bwhat words\b"
    r"|\bwhat to (say|tell)\b"
    # "what i tell them?"
    r"|\bwhat (i|we) (should |must |have to |need to )?(say|tell)\b"
    r"|\b(should|do|shall) (i|we) (need to |have to )?(mention|tell (them|the|about))\b"
    # "should I bring anything?": the medicines, or a list of them
    r"|\b(should|do|shall|must|need to) (i|we|he|she) (bring|take|pack) (anything|something)\b"
    r"|\bwhat (should|do|shall|must) (i|we|he|she) (bring|take|pack)\b",
    re.I,
)
#: The doctor's practice is shut ("gp's shut at the weekend", "who do I call if the surgery is
#: closed on saturday?").
_CLOSED = re.compile(
    r"\b(gp|gps|gp'?s|practice|surgery|doctors?|doctor'?s)\b.{0,25}\b(shut|closed|not open)\b"
    r"|\b(shut|closed)\b.{0,25}\b(weekend|saturday|sunday|tonight|bank holiday|evenings?)\b"
    r"|\bout of hours\b|\bout-of-hours\b"
    # no appointment soon: "the surgery has nothing till Thursday", "GP can't see me till Monday"
    r"|\b(nothing(?! to do)|no (appointments?|slots?|space)|"
    r"not? (have )?any(thing| appointments?| slots?)|"
    r"doesn'?t have any(thing)?|can'?t (see|fit) (me|him|her|us|them)( in)?|fully booked|"
    r"booked up)\b[^.?!]{0,30}\b(till|until|til|before)\b",
    re.I,
)
#: The case reference asked again ("what was that reference number?", "the ESC code").
_REFERENCE = re.compile(r"\b(reference|ref)\b|\besc\b|\besc-\w+|\bcase (number|no|code)\b", re.I)
RECORDED_PREFIX = "utter_escalation_recorded_"
#: A question without its question mark ("ok who do i ring"): not an acknowledgement.
_ASKS = re.compile(
    r"\b(who|what|where|which|how|when|should|can|do i|does|(will|would|could|are) you)\b", re.I
)
_WORRIED = re.compile(
    r"\b(scared|worried|frightened|afraid|anxious|panick|nervous|terrified)", re.I
)


#: The patient says the advice came from a misreading ("no no, I don't have a problem with pee,
#: I only asked a question"), with every warning sign in the message denied.
_CORRECTION = re.compile(
    r"\b(only|just) (ask|asking|asked|a question|wondering|curious|checking)\b"
    r"|\bi (was|am|'m|m) (only |just )?(asking|wondering|curious)\b"
    r"|\bmisunderst\w*|\bmisread\b|\bgot (it|me) wrong\b|\bnot what i (meant|said)\b"
    r"|\bi (didn'?t|did not) (say|mean) (that|i)\b",
    re.I,
)
RESPONSE_CORRECTION_PREFIX = "utter_escalation_after_correction_"


#: The kinds in the order they decide a message's main kind.
_KIND_PATTERNS = (
    ("delay", _DELAY),
    ("closed", _CLOSED),
    ("instead", _INSTEAD),
    ("cost", _COST),
    ("persuade", _THEY_REFUSE),
    ("what_to_say", _WHAT_TO_SAY),
    ("driven", _DRIVEN),
    ("drive", _DRIVE),
    ("callback", _CALLBACK),
    ("why", _REFUSES),
    ("waiting", _WAITING),
    ("why", _WHY),
    ("worried", _WORRIED),
)
#: Kinds answered as well when a message asks two things ("taxi ok? and can I take co-codamol?").
SECOND_KINDS = frozenset({"what_to_say", "driven", "drive", "waiting"})


#: Signs of a heart attack, a tearing aorta or bleeding inside: an ambulance, not a lift to the
#: emergency department (after a fall or a crash, or with cauda equina signs, being driven
#: straight there is the advice).
AMBULANCE_FLAGS = frozenset(
    {"chest_pain_or_breathless", "tearing_pain_or_fainting", "back_belly_pain_faint"}
)


@dataclass(frozen=True)
class Escalation:
    """The escalation advice just given in this conversation.

    Attributes:
        urgency: `emergency`, `urgent` or `soon`.
        no_driving: Whether the advice said not to drive (suspected cauda equina).
        messages_since: Patient messages since the advice, the latest one included.
        ambulance: Whether the signs call for an ambulance rather than a lift (`AMBULANCE_FLAGS`).
    """

    urgency: str
    no_driving: bool
    messages_since: int
    ambulance: bool = False


def recent_escalation(tracker: Tracker, window: int = WINDOW_MESSAGES) -> Optional[Escalation]:
    """Finds escalation advice given within the last `window` patient messages of the session.

    Args:
        tracker: The conversation.
        window: How many patient messages back to look.

    Returns:
        The escalation, or None.
    """
    messages = 0
    in_form = False  # read backwards: between the form's end and its start
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "session_started":
            return None
        if kind == "active_loop":
            # The answers typed into the call-back form (name, number, consent) are not
            # messages about the advice: they do not use up the window.
            in_form = event.get("name") is None
        elif kind == "user" and not in_form:
            messages += 1
            if messages > max(window, EMERGENCY_WINDOW_MESSAGES):
                return None
        elif kind == "bot" and _utterance(event).startswith(RESPONSE_CORRECTION_PREFIX):
            return None  # the patient said the advice came from a misreading: it is withdrawn
        elif kind == "action" and event.get("name") in ADVICE_ACTIONS:
            urgency, no_driving = ADVICE_ACTIONS[event["name"]]
            if messages > window and urgency != "emergency":
                return None
            slot_urgency = tracker.get_slot("red_flag_urgency")
            if slot_urgency in ("emergency", "urgent", "soon") and urgency != "emergency":
                urgency = slot_urgency
            ambulance = bool(AMBULANCE_FLAGS.intersection(reported_flags(tracker)))
            return Escalation(urgency, no_driving, messages, ambulance)
    return None


def escalation_for(tracker: Tracker, text: str) -> Optional[Escalation]:
    """The escalation a message answers to: recent advice, or earlier advice when worried.

    Args:
        tracker: The conversation.
        text: The message.

    Returns:
        The escalation, or None.
    """
    escalation = recent_escalation(tracker)
    if escalation is None and _WORRIED.search(text):
        escalation = recent_escalation(tracker, WORRIED_WINDOW_MESSAGES)
    return escalation


#: Kinds of message about the advice itself (when, how, instead of what, what to tell them),
#: not a new question: "at the pharmacy now, what do I say?" is not about medicines.
ADVICE_KINDS = frozenset(
    {
        "delay", "instead", "cost", "driven", "drive", "callback", "waiting", "why", "closed",
        "what_to_say", "persuade", "underway", "arrived",
    }
)  # fmt: skip


def question_kinds(text: str) -> List[str]:
    """What a message right after the advice is about, most decisive first.

    Args:
        text: The patient's message.

    Returns:
        One kind or more: `delay` (puts the advice off until later), `instead` (another service
        instead, as "111 instead?"), `what_to_say` (what to tell the call handler or the
        doctors), `driven` (someone else drives, a taxi), `drive`, `callback`, `waiting` (what
        to do, or take, until help comes), `why` (doubts or will not follow the advice),
        `persuade` (the person it is for will not go), `worried`, `underway` (help is coming),
        `arrived` (help is there), `ok`; or only `advice` (anything else: repeat the advice).
    """
    kinds = [kind for kind, pattern in _KIND_PATTERNS if pattern.search(text)]
    underway = _UNDERWAY.search(text)
    if underway and "delay" in kinds:
        # "ive called them, they said 1-2 hours wait. can he lie flat?": waiting for help that
        # is coming, not putting the advice off.
        kinds.remove("delay")
    if _ARRIVED.search(text) and "?" not in text:
        # "ambulance is here now, thanks": in the right hands, nothing more to urge.
        kinds = ["arrived"]
    elif underway and "?" not in text:
        # "no call back thx. ambulance on the way": help is coming, whatever else it says.
        # A medicine question on the way ("uber is 12 mins away, can I take co-codamol?") is
        # the one to answer, before "being driven is fine".
        first = "underway" if _AMBULANCE_COMING.search(text) else "ok"
        # What to do until the ambulance comes is the "underway" answer itself.
        seconds = [k for k in kinds if k in SECOND_KINDS and (first, k) != ("underway", "waiting")]
        kinds = [first, *sorted(seconds, key=lambda k: k != "waiting")]
    elif (
        "?" not in text
        and not _ASKS.search(text)
        and (
            (_OK.search(text) and len(text.split()) <= 6)
            # "thank you so much, you've been really kind"
            or (THANKS.search(text) and len(text.split()) <= 12)
        )
    ):
        kinds.append("ok")
    if "driven" in kinds and "drive" in kinds:
        kinds.remove("drive")  # "can my son drive me" is about being driven
    return kinds or ["advice"]


def question_kind(text: str) -> str:
    """The main kind of a message right after the advice (see `question_kinds`)."""
    return question_kinds(text)[0]


def advice_response(escalation: Escalation, kind: str, non_emergency_service: str = "") -> str:
    """The response that answers a message of `kind` right after `escalation`.

    Args:
        escalation: The advice given.
        kind: See `question_kind`.
        non_emergency_service: The local non-emergency medical line, if the clinic has one.

    Returns:
        A response name of domain/conversation.yml.
    """
    emergency = escalation.urgency == "emergency"
    prefix = "utter_escalation_after_"
    if kind == "closed":
        # Where to go when the practice is shut: the same-day line, or the advice (emergency).
        if emergency:
            kind = "advice"
        else:
            return f"{prefix}closed_service" if non_emergency_service else f"{prefix}closed"
    if kind == "instead":
        # Another service is not enough after emergency advice; otherwise the advice again.
        kind = "delay" if emergency else "advice"
    if kind == "delay":
        # "No, don't wait": how soon depends on the urgency.
        if emergency or escalation.urgency == "soon":
            return f"{prefix}delay_{escalation.urgency}"
        return f"{prefix}delay_urgent_service" if non_emergency_service else f"{prefix}delay_urgent"
    if kind == "cost":
        # Worry about paying or paperwork must not stop the call; after other advice, the advice.
        if emergency:
            return f"{prefix}cost_emergency"
        kind = "advice"
    if kind in ("driven", "drive") and emergency and escalation.ambulance:
        # Chest pain, a tearing pain or fainting: an ambulance, not a car ride.
        return f"{prefix}{kind}_ambulance"
    if kind in ("underway", "arrived") and not emergency:
        kind = "ok"  # "on my way to the GP now": the acknowledgement
    if kind in (
        "driven", "drive", "callback", "waiting", "why", "ok", "what_to_say", "persuade",
        "underway", "arrived",
    ):  # fmt: skip
        return f"{prefix}{kind}_{'emergency' if emergency else 'other'}"
    if emergency:
        return (
            "utter_escalation_after_emergency_no_driving"
            if escalation.no_driving
            else "utter_escalation_after_emergency"
        )
    if escalation.urgency == "urgent":
        return f"{prefix}urgent_service" if non_emergency_service else f"{prefix}urgent"
    return "utter_escalation_after_soon"


def reply_after_escalation(
    dispatcher: Any, tracker: Tracker, escalation: Escalation, text: Optional[str] = None
) -> str:
    """Sends the answer to a message right after escalation advice.

    A worried message gets a word of comfort and then the advice again; a request for the case
    reference gets the message that gave it (with the advice) again.

    Args:
        dispatcher: The action's dispatcher.
        tracker: The conversation.
        escalation: The advice given.
        text: The message (default: the latest one).

    Returns:
        The kind of the message (see `question_kind`).
    """
    message = text if text is not None else str(tracker.latest_message.get("text") or "")
    kinds = question_kinds(message)
    kind = kinds[0]
    variables: Dict[str, Any] = {}
    service = str(tracker.get_slot("non_emergency_service") or "")
    if service:
        variables["non_emergency_service"] = service
    if kind == "worried":
        dispatcher.utter_message(response="utter_escalation_after_worried")
    if _CORRECTION.search(message) and denies_warning_signs(tracker):
        # "no no!! I dont have problem with pee. I only ask question": the advice came from a
        # misreading. It is withdrawn (`recent_escalation` stops at this reply), with the signs
        # that do need the emergency number; the case stays with the clinic.
        suffix = "emergency" if escalation.urgency == "emergency" else "other"
        dispatcher.utter_message(response=f"{RESPONSE_CORRECTION_PREFIX}{suffix}", **variables)
        return "correction"
    recorded = _last_recorded(tracker)
    if _REFERENCE.search(message) and recorded and tracker.get_slot(SLOT_CASE_ID):
        # "what was that reference number again?": the message that gave it, with the advice.
        dispatcher.utter_message(response=recorded, case_id=tracker.get_slot(SLOT_CASE_ID))
        return "reference"
    if escalation.urgency != "emergency" and kind in ("driven", "drive") and _ER.search(message):
        # "Should I take her to A&E or is that overkill?" after same-day advice: where to go
        # (the advice again), not "yes, being driven is a good idea".
        kind = "advice"
    if kind == "waiting" and escalation.urgency == "emergency" and _help_underway(tracker):
        # "what do I do while we wait" once the ambulance is coming: not "go now".
        kind = "underway"
    sent = advice_response(escalation, kind, service)
    dispatcher.utter_message(response=sent, **variables)
    second = next((k for k in kinds[1:] if k in SECOND_KINDS), None)
    if kind in ("delay", "why") and second in ("driven", "drive", "waiting"):
        # "she's back in half an hour, could she drive me then?": a lift later is the delay,
        # answered "don't wait"; "being driven is fine" would read as a yes to waiting, and
        # "while you wait: lie still" (for "can I lie down and see if it goes?") as leave to.
        second = None
    if second and advice_response(escalation, second, service) != sent:
        dispatcher.utter_message(response=advice_response(escalation, second, service), **variables)
    signs = _signs_told(tracker)
    if "what_to_say" in (kind, second) and signs:
        # "my flatmate is calling, what do I tell them?": the signs themselves, to read out.
        dispatcher.utter_message(response="utter_escalation_signs_to_mention", signs=signs)
    return kind


def _help_underway(tracker: Tracker) -> bool:
    """Whether an earlier message since the advice said that help is coming."""
    latest = True
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") in ADVICE_ACTIONS:
            return False
        if event.get("event") == "user":
            text = str(event.get("text") or "")
            if not latest and _UNDERWAY.search(text) and _AMBULANCE_COMING.search(text):
                return True
            latest = False
    return False


def _signs_told(tracker: Tracker) -> str:
    """The red flags the patient reported in this conversation, in words, for the call."""
    flags = tracker.get_slot(SLOT_RED_FLAGS) or []
    catalogue = default_catalogue()
    labels = [catalogue.get(str(flag)).label for flag in flags if flag]
    return "; ".join(dict.fromkeys(labels))


def _last_recorded(tracker: Tracker) -> Optional[str]:
    """The `utter_escalation_recorded_*` response that gave the patient their reference."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return None
        utter = _utterance(event)
        if event.get("event") == "bot" and utter.startswith(RECORDED_PREFIX):
            return utter
    return None


def _utterance(event: Dict[str, Any]) -> str:
    """The response name a bot event was sent from ("" when it had none)."""
    return str((event.get("metadata") or {}).get("utter_action") or "")

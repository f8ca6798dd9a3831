"""Right after escalation advice the conversation goes on: questions get the advice again.

"is that bad?", "can I drive?", "what do I do now?", "ok", "will they call?" right after the
emergency, urgent or soon advice are answered with the essential advice for that urgency (slot
`red_flag_urgency`), never with a fallback. The wording is in domain/conversation.yml.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional, Tuple

from rasa_sdk import Tracker

from actions.advice_questions import (
    SECOND_KINDS,
    ambulance_on_its_way,
    apologises,
    arrived,
    asks_reference,
    names_emergency_department,
    question_kinds,
    says_a_relative_has_it,
    says_it_was_a_relatives_past,
    says_misread,
    waiting_subject,
    worried,
)
from actions.advice_responses import AMBULANCE_FLAGS, Escalation, advice_response
from actions.conversation import (
    denies_having_it,
    denies_warning_signs,
    previous_turn_responses,
    reported_flags,
)
from actions.small_talk import THANKS
from clinic.contract import (
    RESPONSE_CALLBACK_NOT_INSTEAD_OF_EMERGENCY,
    RESPONSE_EMERGENCY_HELP_CALLED,
    RESPONSE_WARNING_SIGNS_DENIED,
    SLOT_CASE_ID,
    SLOT_EMERGENCY_NUMBER,
    SLOT_NON_EMERGENCY_SERVICE,
    SLOT_RED_FLAGS,
)
from escalation.flags import default_catalogue
from escalation.service import get_service

#: The advice responses the red-flag rules send first (domain/escalation.yml).
ADVICE_ACTIONS = {
    "utter_emergency_advice": ("emergency", False),
    "utter_emergency_advice_no_driving": ("emergency", True),
    "utter_emergency_advice_ambulance": ("emergency", False),
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

RECORDED_PREFIX = "utter_escalation_recorded_"
RESPONSE_AFTER_UNDERWAY = "utter_escalation_after_underway_emergency"
RESPONSE_WHAT_TO_SAY_EMERGENCY = "utter_escalation_after_what_to_say_emergency"
RESPONSE_WHAT_TO_SAY_UNDERWAY = "utter_escalation_after_what_to_say_underway"
RESPONSE_THANKS_UNDERWAY = "utter_escalation_after_thanks_underway"
#: "thanks" right after the emergency advice, before any word of calling.
RESPONSE_THANKS_EMERGENCY = "utter_escalation_after_thanks_emergency"
#: "can I drive there myself?" once the ambulance is on its way.
RESPONSE_DRIVE_UNDERWAY = "utter_escalation_after_drive_underway"
#: "can you tell the doctor I'm alone?" once the ambulance is on its way.
RESPONSE_CALLBACK_UNDERWAY = "utter_escalation_after_callback_underway"
RESPONSE_CORRECTION_PREFIX = "utter_escalation_after_correction_"


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
    if escalation is None and worried(text):
        escalation = recent_escalation(tracker, WORRIED_WINDOW_MESSAGES)
    return escalation


def warning_signs_denied(tracker: Tracker) -> str:
    """The answer to a message that only denies warning signs.

    After escalation advice in this session, the advice still stands ("both sides of my bum feel
    normal" does not undo a dragging foot): the answer says so, at that advice's urgency.

    Args:
        tracker: The conversation.

    Returns:
        The response's name.
    """
    escalation = recent_escalation(tracker, WORRIED_WINDOW_MESSAGES)
    if escalation is None:
        return RESPONSE_WARNING_SIGNS_DENIED
    return f"{RESPONSE_WARNING_SIGNS_DENIED}_{escalation.urgency}"


#: A call back turned down after urgent or soon advice.
RESPONSE_CALL_BACK_DECLINED_OTHER = "utter_escalation_after_callback_declined_other"


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
    service, variables = _service(tracker)
    if "worried" in kinds:
        # "are you saying the cancer might be back? can it wait till monday?": the fear is
        # answered too, before what else it asks (live test, round 47)
        dispatcher.utter_message(response="utter_escalation_after_worried")
    elif apologises(message):
        dispatcher.utter_message(response="utter_escalation_after_apology")
    misread = says_misread(message) and (
        denies_warning_signs(tracker) or denies_having_it(tracker, message)
    )
    relatives = says_it_was_a_relatives_past(message) or (
        escalation.urgency != "emergency" and says_a_relative_has_it(message)
    )
    if misread or relatives:
        # "no no!! I dont have problem with pee. I only ask question", "no, i said it was my
        # NAN, years ago. my legs are fine": the advice came from a misreading. It is
        # withdrawn (`recent_escalation` stops at this reply), with the signs that do need the
        # emergency number; the case stays with the clinic.
        suffix = "emergency" if escalation.urgency == "emergency" else "other"
        dispatcher.utter_message(response=f"{RESPONSE_CORRECTION_PREFIX}{suffix}", **variables)
        return "correction"
    local = _another_emergency_number(message, tracker)
    if local and escalation.urgency == "emergency":
        # "wait 999? I'm in Ohio lol. you mean 911?": the number where the patient is, not
        # "Yes. Call 999".
        dispatcher.utter_message(
            response="utter_escalation_after_local_number", local_number=local, **variables
        )
        return "local_number"
    if (
        escalation.urgency != "emergency"
        and declines_call_back(message)
        and set(kinds) <= {"callback", "ok", "advice"}
    ):
        # "no call back thx, bye" after same-day advice: no call back, and the advice stands.
        dispatcher.utter_message(response=RESPONSE_CALL_BACK_DECLINED_OTHER, **variables)
        return "callback_declined"
    recorded = _last_recorded(tracker)
    if asks_reference(message) and recorded and tracker.get_slot(SLOT_CASE_ID):
        # "what was that reference number again?": the message that gave it, with the advice.
        dispatcher.utter_message(response=recorded, case_id=tracker.get_slot(SLOT_CASE_ID))
        return "reference"
    if (
        escalation.urgency != "emergency"
        and kind in ("driven", "drive")
        and names_emergency_department(message)
    ):
        # "Should I take her to A&E or is that overkill?" after same-day advice: where to go
        # (the advice again), not "yes, being driven is a good idea".
        kind = "advice"
    emergency = escalation.urgency == "emergency"
    # "I have telephoned 999 and they are sending an ambulance. Should he lie down?": this
    # message counts too.
    underway = emergency and (_help_underway(tracker) or ambulance_on_its_way(message))
    if kind == "worse":
        # "chest is a bit worse now": call again and tell them once help is coming; before
        # any call, the advice itself ("call 999 now").
        kind = "call_again" if underway else "advice"
    subject = waiting_subject(message) if kind in ("waiting", "advice") else ""
    if subject == "comfort" and not emergency:
        # "And the hot water bottle in the meantime?" after "see a doctor today": yes, for
        # comfort, and the advice stands.
        dispatcher.utter_message(response="utter_escalation_after_comfort_other", **variables)
        return kind
    if subject and emergency:
        # "should he take an aspirin?", "can I put ice on it while we wait?": the question
        # itself, yes or no, told apart for whether help is already coming (this message too).
        coming = underway or ambulance_on_its_way(message)
        # after "call 999 for an ambulance": not "or go to the emergency department" (by car)
        waiting = "ambulance" if escalation.ambulance else "emergency"
        sent = f"utter_escalation_after_{subject}_{'underway' if coming else waiting}"
        dispatcher.utter_message(response=sent, **variables)
        return kind
    if underway and kind in ("drive", "driven"):
        # "should i try to get to a&e myself in the car" with the ambulance on its way: not
        # "call 999 now", but wait for it.
        dispatcher.utter_message(response=RESPONSE_DRIVE_UNDERWAY, **variables)
        return kind
    if underway and kind == "callback" and not declines_call_back(message):
        # "can you tell the doctor im alone", "will the clinic ring me too?" while the ambulance
        # comes: who to tell what is new (the call handler), not "don't wait, call 999 now".
        dispatcher.utter_message(response=RESPONSE_CALLBACK_UNDERWAY, **variables)
        return kind
    if underway and (
        kind in ("waiting", "ok", "advice", "ambulance")
        or (kind == "callback" and declines_call_back(message))
    ):
        # "what do I do while we wait", "no call back needed. thanks" once the ambulance is
        # coming: what to do until it comes, not "call 999 now" again.
        kind = "underway"
        if (
            kinds == ["ok"]
            and RESPONSE_AFTER_UNDERWAY in previous_turn_responses(tracker)
            and THANKS.search(message)
        ):
            # "thank you very much" right after what to do until help comes: not all of it
            # again, word for word.
            dispatcher.utter_message(response=RESPONSE_THANKS_UNDERWAY, **variables)
            return "ok"
    if emergency and kinds == ["ok"] and THANKS.search(message) and kind == "ok":
        # "thanks" right after the emergency advice: "You're welcome" with the advice, not
        # "That's right, please do it now" (an answer to "ok, calling now").
        dispatcher.utter_message(response=RESPONSE_THANKS_EMERGENCY, **variables)
        return "ok"
    sent = advice_response(escalation, kind, service)
    if sent == RESPONSE_WHAT_TO_SAY_EMERGENCY and (underway or help_underway(tracker, message)):
        # "the ambulance is here now, do I need to bring anything?": what to tell them and
        # bring, without "call 999 now"
        sent = RESPONSE_WHAT_TO_SAY_UNDERWAY
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
    elif kind in ("why", "judged") and signs:
        # "which sign tho? is it because of the cancer?" (live test, round 41): the signs
        # the advice was for, named, not only "what you described is a sign".
        dispatcher.utter_message(response="utter_escalation_signs_noted", signs=signs)
    return kind


def call_back_after_emergency_response(tracker: Tracker, text: str) -> str:
    """What a yes to a call back after emergency advice hears first.

    The call back comes as well as the emergency call, never instead: "can someone ring me
    instead?" is told to call the emergency number now; "ambulance called ... yes call me back"
    (or an earlier "they're sending someone") is told what to do until help arrives, not to
    call again.

    Args:
        tracker: The conversation.
        text: The patient's message.

    Returns:
        The name of the response to send.
    """
    if help_underway(tracker, text):
        return RESPONSE_EMERGENCY_HELP_CALLED
    return RESPONSE_CALLBACK_NOT_INSTEAD_OF_EMERGENCY


def remind_call_back_is_not_a_visit(dispatcher: Any, tracker: Tracker) -> None:
    """After same-day advice, says that a call back does not replace being seen today.

    "will they ring today tho", "can someone phone me instead of me going anywhere": the call
    back is arranged, and the advice stands.
    """
    escalation = recent_escalation(tracker, EMERGENCY_WINDOW_MESSAGES)
    if escalation is None or escalation.urgency != "urgent":
        return
    service, variables = _service(tracker)
    dispatcher.utter_message(response=advice_response(escalation, "callback", service), **variables)


def _service(tracker: Tracker) -> Tuple[str, Dict[str, Any]]:
    """The non-emergency line ("" when the clinic has none) and the response variables for it."""
    service = str(tracker.get_slot(SLOT_NON_EMERGENCY_SERVICE) or "")
    return service, ({SLOT_NON_EMERGENCY_SERVICE: service} if service else {})


#: A call back turned down ("no call back needed", "don't need a call thanks").
_NO_CALL_NEEDED = re.compile(
    r"\bno (need for (a |the )?)?(call ?-?back|call|calls)\b"
    r"|\b(don'?t|do not|dont) (need|want) (a |the |any )?(call ?-?back|call)\b"
    r"|\b(call ?back|call)( is)? not needed\b"
    # "no I dont want them to ring me back"
    r"|\b(no|don'?t|do not|not)\b[^.!?]{0,25}\b(call ?-?backs?|ring ?backs?|call (me|us) back|"
    r"ring (me|us) back)\b",
    re.I,
)


def declines_call_back(text: str) -> bool:
    """Whether a message turns the call back down ("no callback, my flatmate has called 999")."""
    return bool(_NO_CALL_NEEDED.search(text))


#: Emergency numbers of other countries a patient abroad may name ("you mean 911?").
_EMERGENCY_NUMBERS = re.compile(r"(?<![\d+])(911|112|999|000|110|119|108|102)(?!\d)")


#: The patient says they are elsewhere, or asks which number they mean.
_ELSEWHERE = re.compile(
    r"\b(you mean|do you mean|meant|instead|here|abroad|on holiday|i'?m in|im in|we'?re in|"
    r"i live in|living in|not in the)\b",
    re.I,
)


#: The clinic's own country, by its phone region (PHONE_DEFAULT_REGION): "112 or 999? I am in
#: England" asks which of the two, at home.
_HOME = {
    "GB": r"england|scotland|wales|northern ireland|(the )?uk|(great )?britain|london",
    "IE": r"ireland|dublin",
    "US": r"(the )?usa?|america|the states",
    "CA": r"canada",
    "AU": r"australia",
    "NZ": r"new zealand",
}


def _says_at_home(text: str) -> bool:
    """Whether the patient says they are in the clinic's own country."""
    home = _HOME.get(get_service().settings.phone_default_region)
    return bool(home) and bool(
        re.search(rf"\b(i'?m|im|i am|we'?re|we are|living|live) (in|at) ({home})\b", text, re.I)
    )


def _another_emergency_number(text: str, tracker: Tracker) -> str:
    """Another country's emergency number the patient asks about ("" if none).

    "wait 999? I'm in Ohio lol. you mean 911?": a number not the clinic's own, with the
    clinic's own number or a word of being elsewhere ("is 999 free?" is not about another);
    not when the patient says they are in the clinic's own country.
    """
    if _says_at_home(text):
        return ""
    own = str(tracker.get_slot(SLOT_EMERGENCY_NUMBER) or "")
    named = _EMERGENCY_NUMBERS.findall(text)
    others = [n for n in named if n not in (own, _service(tracker)[0])]
    if not others or not (own in named or _ELSEWHERE.search(text)):
        return ""
    if own and _SAME_AS.search(text.replace(own, "<own>", 1)):
        # "999 is like 911 here right?": the clinic's number likened to one the patient knows
        return ""
    return others[0]


#: The clinic's number (written `<own>` here) likened to another ("999 is like 911 here?").
_SAME_AS = re.compile(
    r"<own>\W*(is|'s|=)?\s*(just |basically |kind of |kinda )?(like|the same as|same as|"
    r"equivalent to|your|the uk'?s?)\b",
    re.I,
)


def _help_underway(tracker: Tracker) -> bool:
    """Whether an earlier message of this session said that help is coming.

    Advice sent again for a new symptom ("now i cant pee at all") does not end it: the
    ambulance called before is still on its way, and "should I drive there myself?" is told to
    wait for it, not to call the emergency number as if nobody had.
    """
    latest = True
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return False
        if event.get("event") == "user":
            text = str(event.get("text") or "")
            if not latest and ambulance_on_its_way(text):
                return True
            latest = False
    return False


def help_underway(tracker: Tracker, text: str) -> bool:
    """Whether help is coming or there: said in `text` (the latest message) or since the advice.

    "they're sending someone. yes to the call back", "yes. the ambulance is here now": the
    patient is not told to call the emergency number now.
    """
    return ambulance_on_its_way(text) or arrived(text) or _help_underway(tracker)


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

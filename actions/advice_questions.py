"""What a message right after escalation advice is about.

"can my son drive me?", "can it wait till Monday?", "the ambulance is on its way", "what do I
tell them?": `question_kinds` names the kinds of such a message, most decisive first, and
actions/after_escalation.py answers each kind with the advice for the urgency given.
"""

from __future__ import annotations

from typing import List

from actions.advice_patterns import (
    ABROAD,
    AMBULANCE,
    AMBULANCE_COMING,
    APOLOGY,
    ARRIVED,
    ASKS,
    ASKS_IF_CALLED,
    BEFORE_AMBULANCE,
    CALL_AGAIN,
    CALL_FOR_ME,
    CALL_FOR_THEM,
    CALLBACK,
    CALLING_NOW,
    CANCEL,
    CLOSED,
    COLLAPSE,
    COMFORT,
    CORRECTION,
    COST,
    DELAY,
    DEPENDANTS,
    DRIVE,
    DRIVEN,
    ER,
    FAR_AWAY,
    FOOD_DRINK,
    HOW_SOON,
    INSTEAD,
    INTERPRETER,
    JUDGED,
    LATER_WORD,
    LONG_AGO,
    MEDICINE,
    NO_GP,
    NUMBER,
    OK,
    OPENS_WITH_WHY,
    OR,
    PARTS,
    REFERENCE,
    REFUSES,
    RELATIVE_HAS_IT,
    RELATIVE_MEANT,
    SEES_DOCTOR,
    SOON_ENOUGH,
    SPORT,
    STOP_MEDICINE,
    THEY_REFUSE,
    TRANSPORT,
    UNDERWAY,
    USUAL_MEDICINE,
    WAITING,
    WHAT_HAPPENS,
    WHAT_NOW,
    WHAT_TO_SAY,
    WHY,
    WORRIED,
    WORSE_NOW,
    WRITER_HAS_NOT,
    WRITER_WELL,
)
from actions.small_talk import THANKS

#: The kinds in the order they decide a message's main kind.
_KIND_PATTERNS = (
    ("collapse", COLLAPSE),
    ("stop_medicine", STOP_MEDICINE),
    ("usual_medicine", USUAL_MEDICINE),
    ("dependants", DEPENDANTS),
    ("soon_enough", SOON_ENOUGH),
    ("abroad", ABROAD),
    ("interpreter", INTERPRETER),
    ("call_for_them", CALL_FOR_THEM),
    ("call_for_me", CALL_FOR_ME),
    ("call_again", CALL_AGAIN),
    ("worse", WORSE_NOW),
    ("no_gp", NO_GP),
    ("delay", DELAY),
    ("closed", CLOSED),
    ("instead", INSTEAD),
    ("cost", COST),
    ("persuade", THEY_REFUSE),
    ("what_happens", WHAT_HAPPENS),
    ("what_to_say", WHAT_TO_SAY),
    ("transport", TRANSPORT),
    ("driven", DRIVEN),
    ("drive", DRIVE),
    ("callback", CALLBACK),
    ("sport", SPORT),
    ("why", REFUSES),
    ("judged", JUDGED),
    ("waiting", WAITING),
    ("why", WHY),
    ("worried", WORRIED),
    ("number", NUMBER),
    ("how_soon", HOW_SOON),
)
#: Kinds answered as well when a message asks two things ("taxi ok? and can I take co-codamol?").
SECOND_KINDS = frozenset({"what_to_say", "driven", "drive", "waiting"})


def asks_to_call_help_for_them(text: str) -> bool:
    """Whether a message asks the bot or the clinic to call an ambulance ("can you call 999?")."""
    return bool(CALL_FOR_ME.search(text))


def names_emergency_department(text: str) -> bool:
    """Whether a message names A&E, the ER or the hospital ("take her to A&E, or overkill?")."""
    return bool(ER.search(text))


def ambulance_on_its_way(text: str) -> bool:
    """Whether a message says that an ambulance is coming ("called 999, they're sending one")."""
    if ASKS_IF_CALLED.search(text):  # "has the ambulance been called?"
        return False
    return bool(UNDERWAY.search(text) and AMBULANCE_COMING.search(text))


def arrived(text: str) -> bool:
    """Whether a message says help is there ("the ambulance is here", "we're at A&E now")."""
    return bool(ARRIVED.search(text))


def asks_reference(text: str) -> bool:
    """Whether a message asks for the case reference again ("what was that ESC code?")."""
    return bool(REFERENCE.search(text))


def says_misread(text: str) -> bool:
    """Whether a message says the advice came from a misreading ("I only asked a question")."""
    return bool(CORRECTION.search(text))


def says_it_was_a_relatives_past(text: str) -> bool:
    """Whether a message corrects the bot: a relative's sign long ago, the writer is well.

    "no, i said it was my NAN, years ago. my legs are fine". All three must be said: a
    relative's sign now ("I said it's my dad, he can't feel his legs") is a report.
    """
    return bool(RELATIVE_MEANT.search(text) and LONG_AGO.search(text) and WRITER_WELL.search(text))


def says_a_relative_has_it(text: str) -> bool:
    """Whether a message corrects the bot: the sign is a relative's, the writer has none.

    "i dont have osteoporosis, my NAN does", "I do NOT have it ... it was my grandmother".
    Only for advice below emergency: a relative's emergency sign may be theirs now, and is
    withdrawn only when long ago too (`says_it_was_a_relatives_past`).
    """
    return bool(RELATIVE_HAS_IT.search(text) and WRITER_HAS_NOT.search(text))


def waiting_subject(text: str) -> str:
    """What a question about the wait for help asks about: `medicine`, `drink`, `comfort` or "".

    "should he take an aspirin?" is about a medicine; "can I give him some water?" about food
    or drink; "can I put ice on it while we wait?" about cold or warmth for comfort.
    """
    if MEDICINE.search(text):
        return "medicine"
    if FOOD_DRINK.search(text):
        return "drink"
    return "comfort" if COMFORT.search(text) else ""


def apologises(text: str) -> bool:
    """Whether a message apologises for asking ("sorry for being a pain")."""
    return bool(APOLOGY.search(text))


def worried(text: str) -> bool:
    """Whether a message says the patient is scared or worried."""
    return bool(WORRIED.search(text))


#: Kinds of message about the advice itself (when, how, instead of what, what to tell them),
#: not a new question: "at the pharmacy now, what do I say?" is not about medicines.
ADVICE_KINDS = frozenset(
    {
        "delay", "instead", "cost", "driven", "drive", "callback", "waiting", "why", "closed",
        "doctor_later", "doctor_now", "collapse", "how_soon", "judged", "call_for_me",
        "what_to_say", "persuade", "underway", "arrived", "what_happens", "ambulance", "call_again",
        "no_gp", "number", "interpreter", "call_for_them", "abroad", "soon_enough",
        "stop_medicine", "sport", "usual_medicine", "dependants", "transport",
    }
)  # fmt: skip


def question_kinds(text: str) -> List[str]:
    """What a message right after the advice is about, most decisive first.

    Args:
        text: The patient's message.

    Returns:
        One kind or more: `delay` (puts the advice off until later), `instead` (another service
        instead, as "111 instead?"), `what_happens` (what will be done there), `what_to_say` (what
        to tell the call handler or the doctors), `transport` (no car or lift, or a bus or train),
        `driven` (someone else drives, a taxi), `drive`, `callback`, `waiting` (what to do, or take,
        until help comes), `why` (doubts or will not follow the advice), `persuade` (the person it
        is for will not go), `worried`, `call_again` (the emergency number again, with what has
        changed), `ambulance` (whether to call one), `underway` (help is coming), `arrived` (help is
        there), `cancel` (calling the help off), `number` (the number to call, asked again),
        `doctor_later` / `doctor_now` (a plan to see one's own doctor), `collapse` (fainting or
        collapse, asked about or told), `how_soon` (how soon the advice means), `soon_enough`
        (whether a time of the patient's own is soon enough), `judged` (afraid of being judged or in
        trouble), `call_for_me` (asks the bot or the clinic to call the ambulance), `call_for_them`
        (the writer calls it for someone else), `interpreter` (help in their own language), `ok`; or
        only `advice` (anything else: repeat the advice).
    """
    if CANCEL.search(text):
        # "it's easing off, should I ring back and cancel the ambulance?": no; not "yes, call".
        return ["cancel"]
    kinds = [kind for kind, pattern in _KIND_PATTERNS if pattern.search(text)]
    if "collapse" in kinds:
        return ["collapse"]  # "ambulance coming, what if he faints?": that, before all else
    underway = UNDERWAY.search(text) or (
        CALLING_NOW.search(text) and "?" not in text and not ASKS.search(text)
    )
    asked = [part for part in PARTS.split(text) if "?" in part or ASKS.search(part)]
    if (
        AMBULANCE.search(text)
        # "I don't like to bother the ambulance people. Could I get a taxi?": the taxi is asked
        and not ("driven" in kinds and not any(AMBULANCE.search(part) for part in asked))
        and not underway
        and not ARRIVED.search(text)
        and ("?" in text or ASKS.search(text))
        and set(kinds) <= BEFORE_AMBULANCE
        # "can I drive him there or do we wait for an ambulance?": a choice, which the answer
        # about being driven makes (by car, or an ambulance for chest pain); not "Yes."
        and not ("driven" in kinds and OR.search(text))
    ):
        # "she CANNOT WALK since the fall. ambulance yes or no": the question itself, and not
        # "being driven is a good idea" ("I'm not driving, she can't walk"). What to say, the
        # cost, a doubt or a delay that names the ambulance are answered as such.
        kinds = ["ambulance", *(k for k in kinds if k not in ("driven", "drive"))]
    if underway and "delay" in kinds:
        # "ive called them, they said 1-2 hours wait. can he lie flat?": waiting for help that
        # is coming, not putting the advice off.
        kinds.remove("delay")
    if ARRIVED.search(text) and "?" not in text:
        # "ambulance is here now, thanks": in the right hands, nothing more to urge.
        kinds = ["arrived"]
    elif underway and "call_again" in kinds:
        # "yeah. feel like im going to pass out" once help is coming (live test, stop 48):
        # worse while waiting, so call again; not "That's right, please do it now"
        kinds = ["call_again"]
    elif underway and "?" not in text:
        # "no call back thx. ambulance on the way": help is coming, whatever else it says.
        # A medicine question on the way ("uber is 12 mins away, can I take co-codamol?") is
        # the one to answer, before "being driven is fine".
        # "alright she's dialling. what now": what to do until help comes, too.
        first = "underway" if AMBULANCE_COMING.search(text) or WHAT_NOW.search(text) else "ok"
        # What to do until the ambulance comes is the "underway" answer itself.
        seconds = [k for k in kinds if k in SECOND_KINDS and (first, k) != ("underway", "waiting")]
        seconds = sorted(seconds, key=lambda k: k != "waiting")
        if first == "ok" and seconds and ASKS.search(text):
            # "ok heading to the ER now. should I take ibuprofen before I go": the question,
            # not "That's right, please do it now" above an answer that says not to (live
            # test, round 46)
            kinds = seconds
        else:
            kinds = [first, *seconds]
    elif (
        "?" not in text
        and not ASKS.search(text)
        and (
            (OK.search(text) and len(text.split()) <= 6)
            # "thank you so much, you've been really kind"
            or (THANKS.search(text) and len(text.split()) <= 12)
        )
    ):
        kinds.append("ok")
    if "driven" in kinds and "drive" in kinds:
        kinds.remove("drive")  # "can my son drive me" is about being driven
    if "driven" in kinds and "transport" in kinds:
        kinds.remove("transport")  # "no car, but my neighbour can take me": someone drives
    if FAR_AWAY.search(text) and {"driven", "drive", "ambulance"} & set(kinds):
        # "I'm 40 minutes away. Should I drive over and take him or call the ambulance?": not
        # being driven by whoever is there; the ambulance, without waiting for the writer.
        kinds = ["ambulance", *(k for k in kinds if k not in ("driven", "drive", "ambulance"))]
    if "why" in kinds and OPENS_WITH_WHY.match(text):
        # "why today tho, i said no fever. ... will they call the police?": the doubt first
        kinds.insert(0, kinds.pop(kinds.index("why")))
    if (
        SEES_DOCTOR.search(text)
        and "?" not in text
        and not set(kinds) - {"advice", "ok", "delay", "why"}
    ):
        # "Ok I will call my médecin traitant on Monday": a plan, later or now.
        return ["doctor_later" if LATER_WORD.search(text) else "doctor_now"]
    if not kinds and ARRIVED.search(text):
        return ["arrived"]  # "im already in the ambulance", whatever else it asks
    return kinds or ["advice"]


def question_kind(text: str) -> str:
    """The main kind of a message right after the advice (see `question_kinds`)."""
    return question_kinds(text)[0]

"""Which answer a message right after escalation advice gets, by its kind and the advice's urgency.

`advice_response` maps a kind of message ("can I drive?", "can it wait?", "is 999 free?"; see
`actions.advice_questions.question_kinds`) and the advice given (`Escalation`) to a response of
domain/conversation.yml. Sending it, and reading the conversation, is actions/after_escalation.py.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    if kind == "stop_medicine":
        # "Should I stop my warfarin in case they need to do something?": not without a doctor
        return f"{prefix}stop_medicine"
    if kind == "no_gp":
        # "I have no GP", "surgery's full today", "what is 111?": where to be seen today
        # without one; after emergency advice, that none is needed: the emergency number now
        # (not "I can't tell from here what it is", which reads as an answer to "what is 111?").
        urgency = "_emergency" if emergency else ""
        return f"{prefix}no_gp{urgency}{'_service' if non_emergency_service else ''}"
    if kind == "closed":
        # Where to go when the practice is shut: the same-day line, or the advice (emergency).
        if emergency:
            kind = "advice"
        else:
            # after same-day advice: today, not when the practice opens
            closed = f"{prefix}closed{'_urgent' if escalation.urgency == 'urgent' else ''}"
            return f"{closed}_service" if non_emergency_service else closed
    if kind == "cancel":
        # "it's easing, cancel the ambulance?": after emergency advice, never; otherwise the
        # advice's own "don't put it off".
        if emergency:
            return f"{prefix}cancel_emergency"
        kind = "delay"
    if kind == "instead":
        # Another service is not enough after emergency advice; otherwise the advice again.
        kind = "delay" if emergency else "advice"
    if kind == "call_for_me":
        # "can the clinic call an ambulance for me?": nobody here can; who can, and how.
        return f"{prefix}call_for_me_{'emergency' if emergency else 'other'}"
    if kind == "call_for_them":
        # "should I ring 999 for her? im not there": yes, with where she is; otherwise the
        # advice again.
        return (
            f"{prefix}call_for_them_emergency"
            if emergency
            else _advice_again(escalation, non_emergency_service)
        )
    if kind == "interpreter":
        # "they have somebody speak polish on phone?": yes, ask for one; never a reason to wait.
        return f"{prefix}interpreter_{'emergency' if emergency else 'other'}"
    if kind == "soon_enough":
        # "the surgery this afternoon, is that soon enough?": after emergency advice, no.
        if emergency:
            return f"{prefix}delay_emergency"
        service = "_service" if non_emergency_service and escalation.urgency == "urgent" else ""
        return f"{prefix}soon_enough_{escalation.urgency}{service}"
    if kind == "collapse":
        # "what if he faints?": whatever the advice was, what to do then (999 again).
        return f"{prefix}collapse"
    if kind in ("doctor_later", "doctor_now"):
        # "I'll call my GP on Monday": right after "book in the next few days"; put off after
        # "today"; after emergency advice, the emergency number and not the GP.
        if escalation.urgency == "soon" or (kind == "doctor_now" and not emergency):
            return f"{prefix}ok_other"
        kind = "delay" if kind == "doctor_later" else "advice"
    if kind == "delay":
        # "No, don't wait": how soon depends on the urgency.
        if emergency or escalation.urgency == "soon":
            return f"{prefix}delay_{escalation.urgency}"
        return f"{prefix}delay_urgent_service" if non_emergency_service else f"{prefix}delay_urgent"
    if kind == "ambulance":
        # "should I call an ambulance for her?": yes after emergency advice; otherwise when the
        # person cannot get up or walk or is getting worse, and if not, the advice's own service.
        if emergency and escalation.ambulance:
            # "can i go with him in the ambulance tho??" after signs of a burst aneurysm: the
            # ambulance, never "or have someone take you if that is quicker" (live test, 48)
            return f"{prefix}emergency_ambulance"
        if emergency or escalation.urgency == "soon":
            return f"{prefix}ambulance_{escalation.urgency}"
        return f"{prefix}ambulance_urgent{'_service' if non_emergency_service else ''}"
    if kind == "cost":
        # Worry about paying or paperwork must not stop the call; after other advice, the advice.
        if emergency:
            return f"{prefix}cost_emergency"
        kind = "advice"
    if kind == "waiting" and emergency and escalation.ambulance:
        # Chest pain, a tearing pain or fainting: waiting for the ambulance, never "or go to
        # the emergency department now" (by car).
        return f"{prefix}waiting_ambulance"
    if kind in ("driven", "drive") and emergency and escalation.ambulance:
        # Chest pain, a tearing pain or fainting: an ambulance, not a car ride.
        return f"{prefix}{kind}_ambulance"
    if kind == "callback" and emergency and escalation.ambulance:
        # "no call back thanks. can i go with him in the ambulance?": not "or go to the
        # emergency department" after "don't go by car" (live test, round 48)
        return f"{prefix}callback_emergency_ambulance"
    if kind == "transport":
        # "alone. no car. what now": an ambulance after emergency advice; otherwise a bus or a
        # taxi is fine, only not driving themselves (live test, round 52)
        if emergency:
            return f"{prefix}transport_emergency"
        if escalation.urgency == "urgent":
            return f"{prefix}transport_urgent{'_service' if non_emergency_service else ''}"
        return f"{prefix}transport_other"
    if kind == "drive" and escalation.urgency == "urgent":
        # "can i still do my shift tonight? its driving": not while in pain, and seen today.
        return f"{prefix}drive_urgent{'_service' if non_emergency_service else ''}"
    if kind == "callback" and escalation.urgency == "urgent":
        # "will they ring today tho": a call back does not replace being seen today.
        service = "_service" if non_emergency_service else ""
        return f"{prefix}callback_urgent{service}"
    if kind == "abroad":
        # "im in spain tho does 999 even work here??": the local emergency numbers.
        return f"{prefix}abroad_{'emergency' if emergency else 'other'}"
    if kind == "number":
        # "what was the number again?": the emergency number, plainly, after emergency
        # advice; the advice (which names the number and the service) after other advice.
        return (
            f"{prefix}number_emergency"
            if emergency
            else _advice_again(escalation, non_emergency_service)
        )
    if kind == "call_again":
        # "should I ring them again and tell them about the foot?": after emergency advice,
        # yes; after other advice, the advice again (which names the emergency signs).
        return (
            f"{prefix}call_again_emergency"
            if emergency
            else _advice_again(escalation, non_emergency_service)
        )
    if kind in ("usual_medicine", "dependants"):
        # "can i use my blue inhaler", "I cant leave the kids": answered, with the advice's
        # service (the emergency call first)
        return f"{prefix}{kind}_{'emergency' if emergency else 'other'}"
    if kind == "sport":
        # "can I still do my 5k tonight?": not before a doctor has checked them (the advice's
        # service after emergency advice)
        return f"{prefix}sport_{'emergency' if emergency else 'other'}"
    if kind in ("underway", "arrived") and not emergency:
        kind = "ok"  # "on my way to the GP now": the acknowledgement
    if kind in (
        "driven", "drive", "callback", "waiting", "why", "ok", "what_to_say", "persuade",
        "underway", "arrived", "what_happens", "judged",
    ):  # fmt: skip
        return f"{prefix}{kind}_{'emergency' if emergency else 'other'}"
    return _advice_again(escalation, non_emergency_service)


def _advice_again(escalation: Escalation, non_emergency_service: str) -> str:
    """The advice of the escalation's urgency, said again."""
    if escalation.urgency == "emergency":
        if escalation.ambulance:
            return "utter_escalation_after_emergency_ambulance"  # not "or go to the hospital"
        return (
            "utter_escalation_after_emergency_no_driving"
            if escalation.no_driving
            else "utter_escalation_after_emergency"
        )
    if escalation.urgency == "urgent":
        prefix = "utter_escalation_after_"
        return f"{prefix}urgent_service" if non_emergency_service else f"{prefix}urgent"
    return "utter_escalation_after_soon"

"""The fallback: what the bot does when the NLU or the dialogue policies are unsure.

Replaces Rasa's `action_default_fallback` (which always says "say it another way" and forgets
the message) and answers `nlu_fallback` and `out_of_scope` messages. In this order:

1. right after escalation advice: the advice again, for the question asked (never a dead end);
   "what's the clinic number?" goes to the call-back offer, which names it
   (clinic/contact_questions.py);
2. a short follow-up ("how hot?", "what foods have it?") about the last topic;
3. a sure FAQ topic rescues an unsure `faq` intent (the ResponseSelector had it right), and so
   does a short message that names a topic's subject ("bananas then?", topic_hints.py);
4. an unsure message that is mostly thanks, goodbye or a greeting gets that reply, and a short
   "ok fine thx" or "ok, will book him in" is thanked or acknowledged;
5. two close topics: "Do you mean ... or ...?" with a button each;
6. a short follow-up nothing could read, right after an answer: that answer again, as a guess;
7. otherwise "say it another way" with the closest topics, and never the same line twice in a
   row: the second time the bot says what it can help with.

Wording: domain/conversation.yml and domain/core.yml.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, LoopInterrupted
from rasa_sdk.executor import CollectingDispatcher

from actions.advice_questions import ADVICE_KINDS, question_kind
from actions.advice_responses import Escalation
from actions.after_escalation import escalation_for, reply_after_escalation, warning_signs_denied
from actions.answers import (
    SLOT_TOPIC_CHOICES,
    answer_choice,
    answer_topic,
    ask_between,
    no_choice,
    typed_choice,
)
from actions.callback_offer import (
    OFFERS,
    answer_clinic_question,
    call_back_step,
    has_contact_details,
    name_and_number,
    number_change,
)
from actions.callback_questions import form_question_response, name_question_at_offer
from actions.callback_time import note_time_wish
from actions.cautions import persons_in
from actions.conversation import (
    actions_this_turn,
    denies_having_it,
    previous_turn_responses,
    tells_what_is_not_wrong,
)
from actions.followups import (
    FOLLOWUP_KINDS,
    ActionAnswerFollowup,
    answer_again,
    recent_topics,
    resolve_followup_any,
    topic_to_repeat,
)
from actions.pregnancy import maternity_response
from actions.small_talk import acknowledgement, greeting_question, small_talk
from actions.topic_hints import asks, clauses, hints, names_only_the_subject
from actions.topics import (
    RESCUE_FAQ_INTENT,
    RESCUE_TOPIC_ALONE,
    TOPIC_SURE,
    WARNING_SIGNS_TOPIC,
    decide_topic,
    hinted_topic,
    intent_confidence,
    on_subject,
    topic_buttons,
    topic_ranking,
)
from clinic.contact_questions import asks_clinic_contact
from clinic.contract import (
    ACTION_DEFAULT_FALLBACK,
    ACTION_LISTEN,
    EMERGENCY,
    FORM_CALLBACK,
    INTENT_OUT_OF_SCOPE,
    RESPONSE_DATA_USE,
    RESPONSE_OFFER_CALLBACK,
    RESPONSE_OFFER_CALLBACK_AFTER_EMERGENCY,
    RESPONSE_RED_FLAG_CLARIFY,
    SOON,
)

#: An unsure message this short that names a topic's subject is taken as that topic.
NAMED_MAX_WORDS = 8
#: "why do you need that?", "what's my number for": what the call back's details are for.
_WHY_DETAILS = re.compile(
    r"\bwhy (do|would|d'?) ?(you|u|ya|they) (need|want)\b|\bwhat (do|would) (you|u) (need|want) "
    r"(it|that|them|this|my \w+) for\b|\bwhat('?s| is) (it|that|this) for\b",
    re.I,
)
#: The fallback lines: one of them just sent means the next unsure turn says more.
#: A question about backs that no article answers.
RESPONSE_NOT_COVERED = "utter_not_covered"
DEAD_END_RESPONSES = ("utter_default", "utter_out_of_scope", RESPONSE_NOT_COVERED)
#: A question about back pain in pregnancy that no topic fits: the first-aid topic, whose
#: answer in pregnancy is the one that suits it, with "ask your midwife" (actions.cautions).
PREGNANCY_FALLBACK_TOPIC = "immediate_relief"


#: Replies that list the warning signs: "I don't have any of that" after them denies them all.
_SIGNS_LISTED = frozenset({f"utter_faq/{WARNING_SIGNS_TOPIC}", RESPONSE_RED_FLAG_CLARIFY})


def _names_a_topic(text: str) -> bool:
    """A short message, or a short question in it, that names a topic's subject."""
    found = hints(text)
    if not found:
        return False
    if len(text.split()) <= NAMED_MAX_WORDS:
        return True
    parts = clauses(text)
    return any(
        hint.clause < len(parts)
        and asks(parts[hint.clause])
        and len(parts[hint.clause].split()) <= NAMED_MAX_WORDS
        for hint in found
    )


#: A follow-up intent this sure, second to the fallback, is what an unsure message asks.
FOLLOWUP_INTENT_MIN = 0.45


def _follow_up_after_advice(tracker: Tracker, escalation: Optional[Escalation]) -> bool:
    """Whether an unsure message after urgent or soon advice is a follow-up ("how do I do it?").

    Outside a form, with the ranking's runner-up a follow-up intent sure enough.
    """
    if (tracker.active_loop or {}).get("name"):
        return False
    if escalation is None or escalation.urgency == EMERGENCY:
        return False
    return any(
        ranked.get("name") in FOLLOWUP_KINDS
        and float(ranked.get("confidence") or 0.0) >= FOLLOWUP_INTENT_MIN
        for ranked in (tracker.latest_message.get("intent_ranking") or [])[:2]
    )


def _asked_after_soon_advice(
    escalation: Escalation, text: str, parse_data: Dict[str, Any]
) -> Optional[str]:
    """The topic an unsure question names after "book in the next few days", if any.

    Not after urgent or emergency advice, and not a question about the advice itself.
    """
    if escalation.urgency != SOON or question_kind(text) in ADVICE_KINDS or not asks(text):
        return None
    decision = decide_topic(topic_ranking(parse_data), text=text)
    return decision.answer if decision.named else None


class ActionDefaultFallback(Action):
    """Unsure messages: rescue what can be rescued, otherwise help the patient on."""

    def name(self) -> str:
        """Returns the action's name."""
        return ACTION_DEFAULT_FALLBACK

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`).

        Unless a rule asks "Do you mean ... or ...?" next (`topic_choices` set), the bot then
        waits for the patient: when the dialogue policies called the fallback because they were
        unsure, nothing else must follow it (Rasa's own fallback reverts the message for that).
        """
        changed = number_change(tracker)  # "change my call back number to ..."
        if changed:
            return changed
        noted = await note_time_wish(dispatcher, tracker)  # "mornings are best for me"
        if noted is not None:
            return noted
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        offers = (RESPONSE_OFFER_CALLBACK, RESPONSE_OFFER_CALLBACK_AFTER_EMERGENCY)
        text = str(tracker.latest_message.get("text") or "")
        if (
            intent == "inform_contact"
            and has_contact_details(text)
            and any(name in offers for name in previous_turn_responses(tracker))
        ):
            # Contact details right after the call-back offer are a yes (actions/callback_offer.py).
            return [FollowupAction("action_take_contact_name")]
        if intent == "inform_contact" and name_and_number(text):
            # A name and a number typed unasked, after advice too: a request for the call back.
            return [FollowupAction("action_take_contact_name")]
        whose = name_question_at_offer(dispatcher, tracker)  # "his name or mine?"
        if whose:
            return whose
        step = call_back_step(tracker)
        if step:
            return [FollowupAction(step)]
        escalation = escalation_for(tracker, text)
        if _follow_up_after_advice(tracker, escalation):
            # "but how do I actually do it? lying down?" after the pelvic tilt's answer, with
            # "book in the next few days" before it (live test, round 41): the detail asked
            # for, not the advice again; after emergency advice the advice comes first.
            events = await ActionAnswerFollowup().run(dispatcher, tracker, domain)
            return [*events, FollowupAction(ACTION_LISTEN)]
        events = self._reply(dispatcher, tracker, escalation)
        if any(e.get("name") == SLOT_TOPIC_CHOICES and e.get("value") for e in events):
            return events
        if any(e.get("event") == "followup" for e in events):
            return events  # the call-back offer comes next
        return [*events, FollowupAction(ACTION_LISTEN)]

    def _reply(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        escalation: Optional[Escalation],
    ) -> List[EventType]:
        parse_data = tracker.latest_message or {}
        text = str(parse_data.get("text") or "")
        intent = str((parse_data.get("intent") or {}).get("name") or "")
        requested = tracker.get_slot("requested_slot")
        if (tracker.active_loop or {}).get("name") and requested:
            # The form could not use the message: ask its question again (after the emergency
            # advice or comfort, if due), not "say it another way". A question about the
            # form's own question ("y do u need my name", read as a yes) is answered instead.
            about_the_form = form_question_response(str(requested), text)
            if about_the_form is not None:
                dispatcher.utter_message(response=about_the_form)
            elif escalation is not None and (
                escalation.urgency == "emergency" or question_kind(text) == "worried"
            ):
                reply_after_escalation(dispatcher, tracker, escalation, text)
            # The form itself asks its question again: it runs (and is no longer rejected or
            # interrupted), so the next answer ("YES" after "ye") fills its slot. Asked from
            # here, Rasa did not read that answer for the form, which asked again: a loop.
            return [*no_choice(), LoopInterrupted(False), FollowupAction(FORM_CALLBACK)]
        maternity = maternity_response(tracker, text)
        if maternity:
            # "my bump goes tight with it. prob just braxton hicks?": the maternity unit
            dispatcher.utter_message(response=maternity)
            return no_choice()
        chosen = typed_choice(tracker, text)
        if chosen:
            # "the first one" typed after "Do you mean A or B?"
            return answer_choice(dispatcher, tracker, chosen)
        if escalation is not None:
            asked = _asked_after_soon_advice(escalation, text, parse_data)
            if asked:
                # "can he play rugby saturday or not" after "book in the next few days": the
                # question is the article's, as it is when the NLU is sure of it.
                return answer_topic(dispatcher, asked, tracker)
            reply_after_escalation(dispatcher, tracker, escalation, text)
            return no_choice()
        if asks_clinic_contact(text):
            return [*no_choice(), *answer_clinic_question(tracker, dispatcher)]
        offered = OFFERS.intersection(previous_turn_responses(tracker))
        if offered and _WHY_DETAILS.search(text):
            # "Why Do You Need That" after the offer: what the details are for, then the offer.
            dispatcher.utter_message(response=RESPONSE_DATA_USE)
            offer = (
                RESPONSE_OFFER_CALLBACK_AFTER_EMERGENCY
                if RESPONSE_OFFER_CALLBACK_AFTER_EMERGENCY in offered
                else RESPONSE_OFFER_CALLBACK
            )
            return [*no_choice(), FollowupAction(offer)]
        answer = resolve_followup_any(recent_topics(tracker), text)
        if answer:
            dispatcher.utter_message(text=answer)
            return no_choice()
        ranking = topic_ranking(parse_data)
        decision = decide_topic(ranking, text=text)
        top_conf = ranking[0][1] if ranking else 0.0
        faq_conf = intent_confidence(parse_data, "faq")
        out_of_scope = intent == INTENT_OUT_OF_SCOPE
        # "Out of scope" with a word of the subject ("is it worse in summer cos of sweating?")
        # is an unsure question about backs: a sure topic answers it, else the closest topics.
        # A short message that names a topic's subject ("bananas then?") is that topic, and so
        # is a short question that does, with a remark after it ("and stopping it happening
        # again? im 60 lol").
        named = _names_a_topic(text)
        # "Is ok to go to work tomorrow? My boss is not happy." after a medicine answer: in a
        # conversation about a back, a sure topic is ours even without a word of the subject.
        # "comp is saturday thats 4 days away will i be ok??" there: a topic its words point to.
        in_context = bool(recent_topics(tracker, before_latest=True))
        pointed = in_context and any(decision.answer in hint.related for hint in hints(text))
        ours = (
            not out_of_scope
            or on_subject(text)
            or named
            or pointed
            or (in_context and top_conf >= RESCUE_TOPIC_ALONE)
        )
        if (
            decision.answer
            and ours
            and (
                named
                or pointed
                or top_conf >= RESCUE_TOPIC_ALONE
                or (not out_of_scope and top_conf >= TOPIC_SURE and faq_conf >= RESCUE_FAQ_INTENT)
            )
        ):
            return answer_topic(dispatcher, decision.answer, tracker)
        hinted = None if out_of_scope and not in_context else hinted_topic(text, parse_data)
        if hinted:
            return answer_topic(dispatcher, hinted, tracker)
        listed = _SIGNS_LISTED & set(previous_turn_responses(tracker))
        if tells_what_is_not_wrong(tracker, text) or (listed and denies_having_it(tracker, text)):
            # "she's had no falls and no bother with wee or feeling numb, I did ask her"; "to be
            # clear I don't have any of that" right after the list of warning signs
            dispatcher.utter_message(response=warning_signs_denied(tracker))
            return no_choice()
        small_talk_reply = (
            small_talk(parse_data, text) or acknowledgement(text) or greeting_question(text)
        )
        if small_talk_reply:
            dispatcher.utter_message(response=small_talk_reply)
            return no_choice()
        if "pregnancy" in persons_in(text):
            # "is it normal to have pain like this in pregnancy?": the articles don't cover
            # pregnancy; what they suggest that suits it, and ask the midwife (actions.cautions).
            return answer_topic(dispatcher, PREGNANCY_FALLBACK_TOPIC, tracker)
        if not ours:
            dispatcher.utter_message(response="utter_out_of_scope")
            return no_choice()
        if (
            decision.choices
            and faq_conf >= RESCUE_FAQ_INTENT
            and intent == "nlu_fallback"
            and not actions_this_turn(tracker)
        ):
            # The rule after an unsure message asks "Do you mean ... or ...?". It only follows
            # the fallback run straight on the message: after another action (a name the
            # call-back step did not take) no rule would ask, and the bot would say nothing.
            return ask_between(decision.choices)
        again = None if out_of_scope else topic_to_repeat(tracker, text)
        if again is not None:
            return answer_again(dispatcher, tracker, again)
        sure_enough = faq_conf >= RESCUE_FAQ_INTENT or out_of_scope  # out of scope, but ours
        buttons = topic_buttons(decision.closest) if sure_enough else []
        if any(name in DEAD_END_RESPONSES for name in previous_turn_responses(tracker)) or (
            names_only_the_subject(text)
        ):
            # Never the same dead-end line twice in a row, nor for a message that only names
            # the subject ("back", "spasm??"): say what the bot can help with.
            dispatcher.utter_message(response="utter_capabilities", buttons=buttons)
        elif on_subject(text) and any(asks(clause) for clause in clauses(text)):
            # "whit aboot they back support belts": a question about backs that no article
            # answers; said so, with who can answer it, not "say it another way".
            dispatcher.utter_message(response=RESPONSE_NOT_COVERED, buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_default", buttons=buttons)
        return no_choice()

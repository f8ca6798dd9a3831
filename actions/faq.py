"""FAQ answers decided from the intent and the topic together.

`action_answer_faq` answers a `faq` message only when its topic is sure (actions/topics.py);
when two topics are close it asks "Do you mean ... or ...?" (actions/answers.py), and a short
follow-up ("how hot?", "what foods have it?") goes to the last topic (actions/followups.py).
Right after escalation advice, the advice is repeated first (actions/after_escalation.py);
while the call-back form asks, a question is answered and the form asks again.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advice_questions import ADVICE_KINDS, question_kind, says_misread, waiting_subject
from actions.after_escalation import (
    recent_escalation,
    reply_after_escalation,
    warning_signs_denied,
)
from actions.answers import (
    SLOT_FAQ_TOPIC,
    answer_choice,
    answer_topic,
    ask_between,
    no_choice,
    typed_choice,
)
from actions.callback_offer import answer_clinic_question, call_back_step, number_change
from actions.callback_questions import (
    answer_in_form,
    form_question_response,
    name_question_at_offer,
    named_topic,
    topic_answer,
)
from actions.callback_time import asks_when_called, note_time_wish
from actions.cautions import send_answer
from actions.conversation import (
    call_back_in_play,
    tells_what_is_not_wrong,
)
from actions.episode import for_an_episode
from actions.followups import (
    answer_again,
    asked_detail,
    combine_detail,
    recent_topics,
    resolve_followup_any,
    topic_to_repeat,
    topics_answered_last_turn,
)
from actions.pregnancy import maternity_response
from actions.question_too import CANCELS_THE_CALL, movement_waits
from actions.small_talk import acknowledgement, greeting_question
from actions.topic_hints import asks, hints, names_only_the_subject
from actions.topics import (
    NEW_SUBJECT,
    TOPIC_SURE,
    TopicDecision,
    decide_topic,
    for_a_new_subject,
    for_a_supposed_sign,
    hinted_topic,
    on_subject,
    topic_buttons,
    topic_ranking,
)
from clinic.contact_questions import asks_clinic_contact, asks_to_book_here
from clinic.contract import (
    ACTION_ANSWER_FAQ,
    EMERGENCY,
    FORM_CALLBACK,
    RESPONSE_CALLBACK_BOOKING_NOT_HERE,
    RESPONSE_CALLBACK_DETAILS,
    SLOT_CONTACT_CONSENT,
    SLOT_CONTACT_NAME,
    SLOT_CONTACT_PHONE,
    SOON,
    URGENT,
)
from clinic.settings import get_settings
from escalation.contact import (
    clean_name,
    name_after_question,
    name_before_number,
    name_in_sentence,
)
from escalation.phones import (
    has_phone_digits,
    parse_phone,
    spells_a_number,
)
from escalation.replies import wants_to_stop

#: The same question for another person ("and for her?", "what about my nan, she's 86").
_FOR_SOMEONE_ELSE = re.compile(
    r"^\W*(and|but|so|ok|okay)?\W*(what|how)? ?(about|for|abt)\b.{0,30}\b(my|her|him|his|she|he|"
    r"they|them|nan|gran|granny|grandma|grandad|mum|mom|mam|dad|son|daughter|kid|child|baby|"
    r"wife|husband|partner|hubby|teen|pregnan\w*|warfarin|blood thinners?)\b",
    re.IGNORECASE,
)
#: A message that names the back or spasms is a question of its own, not a follow-up.
_NAMES_ITS_SUBJECT = re.compile(r"\b(back|spasm|spine|muscle|cramp)", re.I)

#: A question about the number just typed ("020 7946 0958 will that do?", "... is that ok?").
_ABOUT_THE_NUMBER = re.compile(
    r"\b(will|would|does|is|can)\s+(that|this|it)\s+(do|work|be\s+(ok|okay|fine|alright|enough))\b"
    r"|\b(that|this)\s+(ok|okay|fine|alright|right)\s*\?",
    re.I,
)
#: Sentences, and a part after a dash: "it's 07700 900533 - will it be a physio?"
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\s+[-\u2013\u2014]+\s+")

#: Topics of comfort while waiting to be seen the same day (ice, heat, resting, sleeping).
COMFORT = frozenset(
    {"ice", "heat", "ice_or_heat", "hot_cold_alternating", "rest_positioning", "sleep", "warm_bath"}
)
#: Self-care topics answered after "book in the next few days" even when the patient is
#: reluctant to go ("don't want to bother the GP, just tell me some stretches").
SELF_CARE = COMFORT | frozenset(
    {
        "stretches", "stretch_bridge", "stretch_cat_camel", "stretch_childs_pose",
        "stretch_hamstring", "stretch_knee_to_chest", "stretch_pelvic_tilt", "stretch_safety",
        "immediate_relief", "home_remedies", "rest_vs_moving", "exercise_safety", "massage",
        "posture", "ergonomics", "hydration",
    }
)  # fmt: skip
#: Topics whose answer says all another's does: "ice or heat?" covers ice and heat (live test,
#: round 42: heat after three days was explained twice in one reply).
COVERED_BY: Dict[str, Tuple[str, ...]] = {"ice_or_heat": ("ice", "heat")}
#: Medicine topics answered after the advice when a message puts it off and asks about a
#: medicine too ("can it wait till Monday? and can I take paracetamol?").
MEDICINES = frozenset({"otc_medicines", "muscle_relaxants", "topical_creams"})


class ActionAnswerFaq(Action):
    """Answers a `faq` message when its topic is sure; otherwise asks, or uses the context."""

    def name(self) -> str:
        """Returns the action's name."""
        return ACTION_ANSWER_FAQ

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`)."""
        parse_data = tracker.latest_message or {}
        text = str(parse_data.get("text") or "")
        if (tracker.active_loop or {}).get("name") == FORM_CALLBACK:
            return self._in_form(dispatcher, tracker, parse_data, text)
        changed = number_change(tracker)  # "change my call back number to ..."
        if changed:
            return changed
        if tracker.get_slot(SLOT_CONTACT_CONSENT) and CANCELS_THE_CALL.search(text):
            # "actually cancel it mate, back's easing off" read as a question (round 49 dev):
            # the call back was passed on, and the patient is told how to withdraw it
            dispatcher.utter_message(response="utter_escalation_callback_already_passed")
            return no_choice()
        noted = await note_time_wish(dispatcher, tracker)  # "mornings are best for me"
        if noted is not None:
            return noted
        whose = name_question_at_offer(dispatcher, tracker)  # "his name or mine?"
        if whose:
            return whose
        step = call_back_step(tracker)  # "yes, I'd like the doctor to phone me"
        if step:
            return [FollowupAction(step)]
        maternity = maternity_response(tracker, text)
        if maternity:
            # "26 weeks ... pains every 10 mins with my belly going hard": the maternity unit
            dispatcher.utter_message(response=maternity)
            return no_choice()
        chosen = typed_choice(tracker, text)
        if chosen:
            # "the first one" typed after "Do you mean A or B?"
            return answer_choice(dispatcher, tracker, chosen)
        if call_back_in_play(tracker) and asks_when_called(text):
            # "roughly how long till they ring?" once a call back is booked: about the call,
            # not how long spasms last.
            dispatcher.utter_message(response=RESPONSE_CALLBACK_DETAILS)
            return no_choice()
        if asks_to_book_here(text):
            # "so i cant book on here then? annoying. is this sciatica": no, then the rest
            dispatcher.utter_message(response=RESPONSE_CALLBACK_BOOKING_NOT_HERE)
        ranking = topic_ranking(parse_data)
        decision = for_a_supposed_sign(decide_topic(ranking, text=text), parse_data)
        decision = for_an_episode(decision, text)  # "back went lifting a sofa yesterday"
        decision = for_a_new_subject(decision, text)  # "also random but best protein powder?"
        escalation = recent_escalation(tracker)
        kind = question_kind(text) if escalation is not None else ""
        where_to_go = kind in ("no_gp", "closed")
        if (
            asks_clinic_contact(text)
            and (escalation is None or escalation.urgency != EMERGENCY)
            and not where_to_go  # "i dont have a gp. is there somewhere i can just walk in?"
            # "Shall I drive to the walk in centre?", "what's the number for 111 over here?"
            and kind not in ("drive", "driven", "abroad")
        ):
            # "could the clinic arrange that for me" after "book within days" too; after
            # emergency advice the advice itself answers it (call the emergency number first).
            # "what are your opening hours?" right after the offer: how to reach the clinic,
            # and the offer's question stands (not the whole offer word for word)
            events = no_choice()
            if escalation is None:
                # "what can I buy in pharmacy, and can I make appointment?": the article's
                # answer too, before how to reach the clinic (live test, round 50)
                for topic in _asked_besides(decision, ranking, text):
                    events = answer_topic(dispatcher, topic, tracker)
            return [*events, *answer_clinic_question(tracker, dispatcher)]
        if (
            (escalation is None or escalation.urgency == SOON)
            and not (decision.answer and ranking and ranking[0][1] >= TOPIC_SURE)
            and not says_misread(text)  # "no no, I only asked": the advice is withdrawn
            and not asks(text)
            and not hints(text)
            and tells_what_is_not_wrong(tracker, text)
        ):
            # "No problem with legs, no numb, toilet is normal. Only the back": what is not
            # wrong, told unasked, gets when to get help (and the advice given stands), not the
            # article an unsure topic model leans to (sleep, for "the back").
            dispatcher.utter_message(response=warning_signs_denied(tracker))
            return no_choice()
        if escalation is not None:
            # Right after emergency advice the reply is about that advice only: an article
            # added to it ("a short walk or stairs" after chest pain, painkillers after "can't
            # I wait till morning") dilutes it. After urgent advice a clear question is
            # answered, anything else gets the advice again. "Book in the next few days"
            # leaves the conversation as it was: questions are answered. Putting the advice
            # off ("can it wait till her GP appointment?") is always about the advice.
            sure = bool(decision.answer and ranking and ranking[0][1] >= TOPIC_SURE)
            if escalation.urgency != EMERGENCY and movement_waits(tracker, decision.answer):
                # "can I do stairs for exercise meanwhile?" after a dragging foot or a possible
                # break: how to wait until seen, not the exercise article.
                dispatcher.utter_message(response="utter_escalation_after_waiting_other")
                return no_choice()
            # "which stretches are ok meanwhile?" after "book in the next few days": waiting
            # days for an appointment, the question is the article's.
            # "should I put ice on it in the meantime?" after "see a doctor today": comfort
            # until then is answered too, with the advice after it.
            # "what can I do for the pain now, ice or warm?" too.
            comfort = (
                escalation.urgency == URGENT
                and kind in ("waiting", "advice")
                and decision.answer in COMFORT
            )
            # "just tell me some stretches" after "book in the next few days": reluctance to
            # go ("no insurance, is there stuff I can do at home instead") does not withhold
            # self-care; the advice follows the answer.
            reluctant = (
                escalation.urgency == SOON
                and kind in ("why", "cost", "instead")
                and sure
                and decision.answer in SELF_CARE
            )
            about_advice = kind in ADVICE_KINDS and not (
                (escalation.urgency == SOON and kind == "waiting" and decision.answer)
                or comfort
                or reluctant
            )
            if (comfort or reluctant) and decision.answer:
                events = answer_topic(dispatcher, decision.answer, tracker)
                dispatcher.utter_message(
                    response="utter_escalation_after_delay_soon"
                    if reluctant
                    else "utter_escalation_reminder_urgent"
                )
                return events
            if (
                escalation.urgency == EMERGENCY
                or about_advice
                or (not sure and escalation.urgency != SOON)
            ):
                reply_after_escalation(dispatcher, tracker, escalation, text)
                if (
                    escalation.urgency != EMERGENCY
                    and kind == "delay"
                    and decision.answer in MEDICINES
                    and waiting_subject(text) == "medicine"
                ):
                    # "can it wait till Monday? and can I take paracetamol?": "please don't
                    # wait", then the medicine question too, with the cautions for the person.
                    return answer_topic(dispatcher, decision.answer, tracker)
                return no_choice()
        polite = acknowledgement(text) or (greeting_question(text) if not decision.answer else None)
        if polite:
            dispatcher.utter_message(response=polite)
            return no_choice()
        if decision.answer is None:
            before = recent_topics(tracker, before_latest=True)
            # the other answers of a reply to several questions too
            answered = tuple(dict.fromkeys((*before, *topics_answered_last_turn(tracker))))
            answer = resolve_followup_any(answered, text)
            if answer:
                dispatcher.utter_message(text=answer)
                return no_choice()
            if len(before) == 1 and _FOR_SOMEONE_ELSE.search(text):
                # "what about for my nan, she's 86 on warfarin": the last answer, for her.
                return answer_topic(dispatcher, before[0], tracker)
            hinted = hinted_topic(text, parse_data)
            if hinted:
                return answer_topic(dispatcher, hinted, tracker)
            if escalation is not None:
                reply_after_escalation(dispatcher, tracker, escalation, text)
                return no_choice()
            if tells_what_is_not_wrong(tracker, text):
                # "no tingling in my legs btw, and no wee problems": what is not wrong, told
                # unasked, is answered with when to get help, not "say it another way".
                dispatcher.utter_message(response=warning_signs_denied(tracker))
                return no_choice()
            again = None if NEW_SUBJECT.search(text) else topic_to_repeat(tracker, text)
            if again is not None and not decision.choices:
                return answer_again(dispatcher, tracker, again)
            if not on_subject(text):
                # "did you see the match last night?": not a question about backs at all.
                dispatcher.utter_message(response="utter_out_of_scope")
                return no_choice()
            if decision.choices:
                return ask_between(decision.choices)
            # A message that only names the subject ("back") gets what the bot can do.
            dead_end = "utter_capabilities" if names_only_the_subject(text) else "utter_default"
            dispatcher.utter_message(response=dead_end, buttons=topic_buttons(decision.closest))
            return no_choice()
        recent = recent_topics(tracker, before_latest=True)
        if (
            recent
            and decision.answer not in recent
            and not _NAMES_ITS_SUBJECT.search(text)
            and decision.answer not in decision.named
        ):
            # "how long do I leave it on for?" right after the ice answer is about the ice, not
            # the `duration` topic (how long spasms last); "and cat camel reps?" after child's
            # pose names its own topic.
            answer = resolve_followup_any(recent, text)
            if answer:
                dispatcher.utter_message(text=answer)
                return no_choice()
        # With other questions in the message, the detail may be theirs ("1) monitor height?
        # 2) how often to get up?"): the whole answer.
        detail = None if decision.also else asked_detail(decision.answer, text)
        if detail:
            # "...I'm trying the stretches - how long should I hold them?": the detail asked.
            dispatcher.utter_message(text=detail)
            events = [SlotSet(SLOT_FAQ_TOPIC, decision.answer), *no_choice()]
        else:
            events = answer_topic(dispatcher, decision.answer, tracker)
        for topic in decision.also:
            if topic in COVERED_BY.get(decision.answer, ()):
                continue  # "heat is better than ice now, right?": said once, not twice
            send_answer(dispatcher, tracker, topic, cautions=False)
        if decision.also:
            # "ok and how often can I do that?" is about the last answer sent (the heat pad
            # after ibuprofen), not the first.
            events.append(SlotSet(SLOT_FAQ_TOPIC, decision.also[-1]))
        for topic in (decision.answer, *decision.also):
            combined = combine_detail(topic, text)
            if combined:
                # "... and can I take ibuprofen with paracetamol?": whether together, too.
                dispatcher.utter_message(text=combined)
                break
        if escalation is not None and escalation.urgency == URGENT and decision.answer in SELF_CARE:
            # "would a massage help?" after "see a doctor today": not instead of the doctor.
            dispatcher.utter_message(response="utter_escalation_reminder_urgent")
        return events

    @staticmethod
    def _in_form(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        parse_data: Dict[str, Any],
        text: str,
    ) -> List[EventType]:
        """A question while the call-back form asks: answered (the form then asks again).

        A name the NLU took for a question ("Wilhelmina Quaresma" read as a topic) is taken
        as the name the form asked for instead, and so is a number given with other words
        ("sorry cat walked on keyboard 07400 555210"); the form checks it.
        """
        requested = tracker.get_slot("requested_slot")
        if requested in (SLOT_CONTACT_NAME, SLOT_CONTACT_PHONE, SLOT_CONTACT_CONSENT) and (
            wants_to_stop(text)
        ):
            # "i dont want a call back" read as a question: the answer to the form's question,
            # which its validation takes as a stop ("actually no dont worry, ill try the heat
            # first. how long do i leave it on?" at the consent question, round 47 dev).
            return [SlotSet(requested, text), *no_choice()]
        digits = has_phone_digits(text)
        usable = parse_phone(text, get_settings().phone_default_region).e164 if digits else None
        if requested == SLOT_CONTACT_NAME:
            name = clean_name(text) if looks_like_name(text) else name_in_sentence(text)
            # "fatima begum. its 07700 900382 but pls text first": the name before the number
            name = name or (name_before_number(text) if usable else None)
            if name:
                # "Ann Baker. 07700 900418 - after ten please": the number too (the form
                # checks it), not asked for again.
                phone = [SlotSet(SLOT_CONTACT_PHONE, text)] if usable else []
                if not usable:
                    # "It's Mrs Margaret Ellison. Why do you need my name, dear?": the name,
                    # and the question after it answered (live test, round 52)
                    # (answer_in_form gives the answer about the form's own question first)
                    at = text.lower().find(name.lower())
                    rest = text[at + len(name) :] if at >= 0 else ""
                    answer_in_form(
                        dispatcher, tracker, rest, emergency_number=get_settings().emergency_number
                    )
                return [SlotSet(SLOT_CONTACT_NAME, name), *phone, *no_choice()]
        if requested == SLOT_CONTACT_PHONE and digits:
            # "020 7946 0958 will that do?", "01632 960712. how long before they ring?": a
            # usable number, asked about or in a sentence of its own, is the answer (the form
            # confirms it and answers the question); "is 0800 123 4567 free?" is a question.
            asked_apart = usable and not any(
                "?" in sentence for sentence in _SENTENCES.split(text) if has_phone_digits(sentence)
            )
            if "?" not in text or asked_apart or (usable and _ABOUT_THE_NUMBER.search(text)):
                return [SlotSet(SLOT_CONTACT_PHONE, text), *no_choice()]
        if requested in (SLOT_CONTACT_NAME, SLOT_CONTACT_PHONE) and spells_a_number(text):
            # "oh seven seven double oh nine..." read as a question: the answer to the form's
            # question, which its validation reads (a number is asked for in digits).
            return [SlotSet(requested, text), *no_choice()]
        about_the_form = form_question_response(requested, text)
        if about_the_form is not None:
            # "why do you need my name?", "mobile or landline?", "what happens if I say no?":
            # about the form's question, also right after advice (not "why" the advice)
            dispatcher.utter_message(response=about_the_form)
            name = name_after_question(text) if requested == SLOT_CONTACT_NAME else None
            return [SlotSet(SLOT_CONTACT_NAME, name), *no_choice()] if name else no_choice()
        escalation = recent_escalation(tracker)
        if escalation is not None and (
            escalation.urgency == EMERGENCY or question_kind(text) in ADVICE_KINDS
        ):
            # "what if I go tomorrow morning?" while the form asks: the advice again, not a
            # topic's answer (the form then asks its question again); after urgent advice,
            # "should I just call 111 instead?" is about the advice too.
            reply_after_escalation(dispatcher, tracker, escalation, text)
            return no_choice()
        if asks_when_called(text) or (question_kind(text) == "callback" and not named_topic(text)):
            # "how long will it be before they ring?"; "will the doctor be able to prescribe
            # muscle relaxants over the phone?" is about the medicine (the topic below).
            dispatcher.utter_message(response=RESPONSE_CALLBACK_DETAILS)
            return no_choice()
        named = named_topic(text) if question_kind(text) == "callback" else None
        answered = (
            answer_topic(dispatcher, named, tracker)
            if named
            else topic_answer(dispatcher, tracker, text)
        )
        if answered is not None:
            return answered
        if requested in (SLOT_CONTACT_NAME, SLOT_CONTACT_PHONE) and "?" not in text:
            # No topic of the articles ("ok. just put Dee", a number in words): the answer to
            # the form's question, which its validation reads (a name in the sentence, a
            # request for digits), never the nearest article.
            return [SlotSet(requested, text), *no_choice()]
        return no_choice()


def _asked_besides(
    decision: TopicDecision, ranking: List[Tuple[str, float]], text: str
) -> Tuple[str, ...]:
    """The topics a message asks about besides reaching the clinic (at most two).

    The words that name a topic first ("... what can I buy in pharmacy"), else a sure topic.
    """
    named = tuple(hint.topic for hint in hints(text))[:2]
    if named or not (decision.answer and ranking and ranking[0][1] >= TOPIC_SURE):
        return named
    return (decision.answer,)


def looks_like_name(text: str) -> bool:
    """Whether a short message reads as a person's name: no question, every word capitalised."""
    words = text.split()
    return 0 < len(words) <= 4 and "?" not in text and all(w[:1].isupper() for w in words)

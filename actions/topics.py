"""How sure the NLU is about a message: the intent and the FAQ topic, read together.

The NLU already scored every message: DIET's `intent_ranking` and the ResponseSelector's ranking
of FAQ topics (`response_selector.faq.ranking`). These helpers read both from the parse data in
the tracker, so the actions decide from the two levels together: a confident topic can rescue an
unsure `faq` intent, and an unsure topic is never answered as if it were certain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Tuple

import yaml

from actions.topic_hints import Hint, asks, clauses, hints

TOPICS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "topics.yml"

#: A topic at least this likely is answered whatever the runner-up.
TOPIC_SURE = 0.4
#: Below TOPIC_SURE, a topic is answered when it is at least this likely and clearly ahead.
TOPIC_LIKELY = 0.14
#: "Clearly ahead": the runner-up has at most this share of the top topic's confidence.
RUNNER_UP_SHARE = 0.5
#: Two topics are "close" (ask which one) when both reach this.
TOPIC_CANDIDATE = 0.1
#: A `faq` intent this unsure still gets the answer when its topic is sure (the rescue).
RESCUE_FAQ_INTENT = 0.15
#: A topic rescues an nlu_fallback message without a faq score only when it is this sure.
RESCUE_TOPIC_ALONE = 0.6
#: A topic the model is this sure of is answered even when the question names another one.
HINT_OVERRULED = 0.6
#: Among the topics a question names, a named topic beats a relative the model scores this
#: much lower.
NAMED_BONUS = 0.05
#: A message that asks two things: two question marks, or a question joined to another.
#: Topics answered after the first when one message asks several things ("1) ice or heat
#: 2) which painkiller 3) any stretches"): more would bury the first answer.
MAX_OTHER_QUESTIONS = 2
_ASKS_TWO = re.compile(
    r"\?[^?]+\?|\b(two|2) (q|questions)\b|\b(and|also|plus),? (is|are|can|could|should|do|does|"
    r"what|how|which|when|will|would|any)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Topic:
    """One FAQ topic of knowledge/topics.yml."""

    id: str
    label: str
    question: str


@lru_cache(maxsize=1)
def load_topics(path: Path = TOPICS_FILE) -> Dict[str, Topic]:
    """Loads the topic catalogue.

    Args:
        path: The catalogue file.

    Returns:
        Topic id -> topic.
    """
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        topic_id: Topic(topic_id, str(entry["label"]), str(entry["question"]))
        for topic_id, entry in (content.get("topics") or {}).items()
    }


def topic_ranking(parse_data: Mapping[str, Any]) -> List[Tuple[str, float]]:
    """The ResponseSelector's FAQ topics for a message, most likely first.

    Args:
        parse_data: A message's parse data (`tracker.latest_message`).

    Returns:
        (topic id, confidence) pairs; empty when the message was not scored.
    """
    selector = ((parse_data.get("response_selector") or {}).get("faq")) or {}
    ranking: List[Tuple[str, float]] = []
    for entry in selector.get("ranking") or []:
        key = str(entry.get("intent_response_key") or "")
        if key.startswith("faq/"):
            ranking.append((key.split("/", 1)[1], float(entry.get("confidence") or 0.0)))
    if not ranking:
        key = str(((selector.get("response") or {}).get("intent_response_key")) or "")
        confidence = float((selector.get("response") or {}).get("confidence") or 0.0)
        if key.startswith("faq/"):
            ranking.append((key.split("/", 1)[1], confidence))
    ranking.sort(key=lambda pair: pair[1], reverse=True)
    return ranking


def intent_confidence(parse_data: Mapping[str, Any], intent: str) -> float:
    """How likely DIET found `intent` for the message (0 when it is not in the ranking).

    Args:
        parse_data: A message's parse data.
        intent: The intent name.

    Returns:
        The confidence.
    """
    for entry in parse_data.get("intent_ranking") or []:
        if entry.get("name") == intent:
            return float(entry.get("confidence") or 0.0)
    top = parse_data.get("intent") or {}
    return float(top.get("confidence") or 0.0) if top.get("name") == intent else 0.0


def ranked_intents(parse_data: Mapping[str, Any]) -> List[Tuple[str, float]]:
    """DIET's intents for the message without `nlu_fallback`, most likely first."""
    ranking = [
        (str(entry.get("name")), float(entry.get("confidence") or 0.0))
        for entry in parse_data.get("intent_ranking") or []
        if entry.get("name") and entry.get("name") != "nlu_fallback"
    ]
    ranking.sort(key=lambda pair: pair[1], reverse=True)
    return ranking


@dataclass(frozen=True)
class TopicDecision:
    """What to do with a question: answer one topic, ask between two, or neither.

    Attributes:
        answer: The topic to answer as certain, or None.
        choices: Two close topics to ask about ("Do you mean ... or ...?"), or empty.
        closest: The most likely topics, to offer when nothing fits.
        also: Other topics the same message asks about ("do TENS machines work, and is it
            worth asking for a muscle relaxant?"), answered after the first, in order.
        named: The topics the question's own words name (`actions.topic_hints`).
    """

    answer: Optional[str]
    choices: Tuple[str, ...]
    closest: Tuple[str, ...]
    also: Tuple[str, ...] = ()
    named: FrozenSet[str] = frozenset()


def decide_topic(
    ranking: List[Tuple[str, float]],
    known: Optional[Mapping[str, Any]] = None,
    text: str = "",
) -> TopicDecision:
    """Decides from the topic ranking and the words of the question which topic to answer.

    When the question names its subject (`actions.topic_hints`), the answer is the named topic
    or a close relative of it that the model prefers; only a topic the model is very sure of
    (`HINT_OVERRULED`) outweighs the words. Otherwise the ranking alone decides.

    Args:
        ranking: (topic, confidence), most likely first.
        known: Topic ids that exist (default: the catalogue); others are ignored.
        text: The question, when its words may be read.

    Returns:
        The decision.
    """
    catalogue = load_topics() if known is None else known
    ranking = [(topic, conf) for topic, conf in ranking if topic in catalogue]
    named = [hint for hint in hints(text) if hint.topic in catalogue] if text else []
    decision = _decide(ranking, named, text)
    named_topics = frozenset(hint.topic for hint in named)
    if (
        decision.answer == DURATION_TOPIC
        and DURATION_TOPIC not in named_topics
        and states_own_trouble(text)
    ):
        # "hi, my lower back's been in spasm for 2 days, pretty bad": how long it has lasted,
        # told and not asked, is a spasm to ease now, not a question about how long spasms last.
        decision = replace(decision, answer=FIRST_AID_TOPIC)
    return replace(decision, named=named_topics)


def _decide(ranking: List[Tuple[str, float]], named: List[Hint], text: str) -> TopicDecision:
    """The decision from the known topics' ranking and the hints of the question's words."""
    closest = tuple(topic for topic, _ in ranking[:3])
    if named:
        chosen = _choose_named(ranking, named)
        if chosen is not None:
            also = _other_questions(text, named, chosen)
            first = named[0]
            if (
                chosen not in first.related
                and first.topic not in also
                and first.topic != FIRST_AID_TOPIC  # "how can I stop them coming back?"
                and not any(hint.firm for hint in named if hint.clause == first.clause)
            ):
                # "what can I take that won't make me drowsy for driving?": the model may
                # prefer the later subject (driving); the first one named is asked too.
                also = (first.topic, *also)[:MAX_OTHER_QUESTIONS]
            return TopicDecision(chosen, (), closest, also)
    if not ranking:
        return TopicDecision(None, (), ())
    top, top_conf = ranking[0]
    second_conf = ranking[1][1] if len(ranking) > 1 else 0.0
    if top_conf >= TOPIC_SURE or (
        top_conf >= TOPIC_LIKELY and second_conf <= RUNNER_UP_SHARE * top_conf
    ):
        # The model is sure of a topic the words do not name; the topics they name are asked
        # too ("ice or heat 2) can I take naproxen 3) any stretches").
        return TopicDecision(top, (), closest, _other_questions(text, named, top))
    if len(ranking) > 1 and second_conf >= TOPIC_CANDIDATE:
        return TopicDecision(None, (top, ranking[1][0]), closest)
    return TopicDecision(None, (), closest)


#: Topics that name what a question is for, not what it is about.
_AIMS = frozenset({"prevention", "recurring"})
#: Topics that are ways of preventing spasms, asked about for that aim.
_WAYS_TO_PREVENT = frozenset(
    {
        "sleep", "yoga_mindfulness", "stretches", "core_strengthening", "posture", "lifting",
        "ergonomics", "hydration", "electrolyte_foods", "supplements", "aerobic_exercise",
        "regular_exercise", "massage", "weight_smoking", "stress", "prolonged_sitting",
    }
)  # fmt: skip


def _choose_named(ranking: List[Tuple[str, float]], named: List[Hint]) -> Optional[str]:
    """The topic to answer among those the question names (None: the model outweighs them)."""
    first = [hint for hint in named if hint.clause == named[0].clause]
    ways = [hint for hint in first if hint.topic in _WAYS_TO_PREVENT]
    if ways and any(hint.topic in _AIMS for hint in first):
        # "yoga for prevention, worth it?", "how should i sleep so it doesnt happen again":
        # the way asked about, whose answer is the prevention asked for (not "keeps cramping
        # ... how do I stop it happening?", where the other topic is the trouble itself)
        first = ways
    firm = [hint.topic for hint in first if hint.firm]
    if firm:
        return firm[0]  # "ice or heat?" is that choice, not the alternating answer it is near
    related = frozenset().union(*(hint.related for hint in first))
    if ranking and ranking[0][0] in related:
        return ranking[0][0]
    if ranking and ranking[0][1] >= HINT_OVERRULED:
        return None
    # A relative the model is barely aware of does not outweigh the topic named ("how do I
    # carry it" is lifting, not exercise safety at 0.08 with lifting unranked).
    scores = {
        topic: confidence
        for topic, confidence in ranking
        if confidence >= TOPIC_CANDIDATE or topic not in related
    }
    own = {hint.topic for hint in first}
    return max(
        [hint.topic for hint in first] + sorted(related - own),
        key=lambda topic: scores.get(topic, 0.0) + (NAMED_BONUS if topic in own else 0.0),
    )


def _other_questions(text: str, named: List[Hint], chosen: str) -> Tuple[str, ...]:
    """Other topics the message asks about, if it asks several things (at most two more)."""
    if not _ASKS_TWO.search(text) and len({hint.clause for hint in named}) < 2:
        return ()
    # A close relative of the chosen topic asked in a question of its own is asked too ("1)
    # best monitor height? 2) standing desk worth it? 3) how often to get up?").
    own = {hint.clause for hint in named if hint.topic == chosen}
    others = [
        hint.topic
        for hint in named
        if hint.topic != chosen and (chosen not in hint.related or (own and hint.clause not in own))
    ]
    return tuple(dict.fromkeys(others))[:MAX_OTHER_QUESTIONS]


#: "what helps", "what should I do" about the patient's own back: the first-aid answer.
_WHAT_TO_DO = re.compile(
    r"\bwhat (can|should|must|shall|could|do) (i|we|he|she|they) (do|try|take)\b"
    r"|\bwhat (i|we) (must|should|can) do\b|\bwhat (helps|would help|will help|works)\b"
    r"|\bhow (do|can|should) (i|we) (ease|calm|stop|relieve|settle|treat)\b"
    # "what's best for a spasm in my mum's back", "any home remedies"
    r"|\bwhat('?s| is| are)? (good|best|helpful) for\b"
    r"|\bwhat (do|would) (you|u) (recommend|suggest)\b"
    r"|\b(suggest|recommend|any)\b[\w ]{0,12}\b(home )?remed(y|ies)\b|\bwhat to do\b",
    re.I,
)
_BACK = re.compile(r"\b(back|spasms?|spine|shoulder blades?|cramps?|catch|locked|seized)\b", re.I)
#: "anything I can take for the pain till the weekend?": painkillers are the question.
_FOR_THE_PAIN = re.compile(
    r"\b(good|best|take|something|anything)\b[\w ]{0,10}\bfor (the |this |my )?pain\b"
    r"|\bpain ?killers?\b|\bpain relie(f|vers?)\b"
    # "anything I could take by mouth", "what can he take"
    r"|\b(something|anything|what)( (else|safe|gentle))? (i|he|she|we|they|u|you) "
    r"(can|could|should|may|might) take\b",
    re.I,
)
#: "what will the GP actually do?": how doctors examine and diagnose.
_WHAT_A_DOCTOR_DOES = re.compile(
    r"\bwhat('?s| is| are| will| would| can| could)? (a|the|my|your|ur) (doctor|gp|physio|clinic|"
    r"specialist)s?('s| is| are)? (gonna |going to |actually |even |really )*(do|say|check|look)\b",
    re.I,
)
DIAGNOSIS_TOPIC = "diagnosis"
#: "my lower back's been stiff since the gardening": a statement of one's own back trouble,
#: with no question, gets what to do now rather than "say it another way".
_OWN_BACK_TROUBLE = re.compile(
    r"\b(my|me|his|her)\s+((lower|upper|mid|middle|low)\s+)?back('s| is| has)?\b.{0,40}?"
    r"\b(stiff|sore|hurt|hurts|hurting|aching|achy|killing|spasm\w*|seized|locked|tight|tweaked|"
    r"went|gone|playing up|in bits|agony)\b",
    re.I,
)
#: A back trouble told without "my": "just a sore spasming lower back", "pain in the back".
_BACK_TROUBLE_TOLD = re.compile(
    r"\b(a|the)\s+((sore|stiff|bad|tight|achy|aching|spasming|painful)\s+){1,2}((lower|upper)\s+)?back\b"
    r"|\b(pain|spasms?|spasming|ache|aching)\s+in\s+(the|my)\s+((lower|upper)\s+)?back\b"
    # told in a few words: "Back spasms. Lower back. Started yesterday." ("Back pain" alone
    # names the subject: what the bot can do)
    r"|^\W*((lower|upper|low)\s+)?back\s+(spasms?|spasming|pain|ache|went|gone)\b\W+\w"
    # "no numbness, legs fine. just tight and sore when I bend"
    r"|\bjust\s+((a\s+)?bit\s+)?(tight|sore|stiff|achy)(\s+and\s+(tight|sore|stiff|achy))?\b",
    re.I,
)


def states_own_trouble(text: str) -> bool:
    """Whether a message tells of the writer's back trouble and asks nothing."""
    told = _OWN_BACK_TROUBLE.search(text) or _BACK_TROUBLE_TOLD.search(text)
    return bool(told) and not any(asks(clause) for clause in clauses(text))


#: "it's been like that 2 days", "had it for a couple of days": how long spasms last.
_HOW_LONG_SO_FAR = re.compile(
    r"\b(been|had (it|this|them)|for|since)\b[\w' ]{0,20}?\b(\d+|one|two|three|four|five|"
    r"a couple of|couple of|a few|few)\s+(days?|weeks?)\b|\bsince (yesterday|last night)\b",
    re.I,
)
#: Words of the articles' subject: an "out of scope" message with one of them may still be ours
#: ("is it worse in summer cos of sweating?", "how many times a day?" after the heat answer).
_ON_SUBJECT = re.compile(
    r"\b(back|spasm|spine|muscle|cramp|stretch|ice|icing|heat|warm|cold|sweat|water|hydrat|"
    r"drink|gym|exercis|train|lift|posture|position|sit|sitting|desk|chair|sleep|mattress|pillow|bed|"
    # "so for a gardening strain, what's the best thing today?" (live test, round 52)
    r"strain|sprain|"
    r"walk|yoga|pilates|massage|physio|pain|ache|sore|stiff|tight|ibuprofen|paracetamol|"
    r"tablet|pill|medic|cream|gel|bath|times a day|how often|how long|minutes|"
    # the warning signs and seeing someone: "what if it did start affecting my bladder?"
    r"bladder|bowel|numb|tingl|fever|temperature|doctor|hospital)\w*"
    r"|\b(knots?|legs?|foot|feet|gp|scans?)\b",
    re.I,
)
#: Topics a message points to by its form when the topic model is unsure.
FIRST_AID_TOPIC = "immediate_relief"
MEDICINE_TOPIC = "otc_medicines"
DURATION_TOPIC = "duration"
WARNING_SIGNS_TOPIC = "warning_signs"
#: How the red-flag detector reads a symptom that is only supposed or asked about.
_SUPPOSED_OR_ASKED = frozenset({"hypothetical", "question"})


#: Topics "what do I do?" reads as, which a warning sign supposed in the same message turns into
#: a question about that sign ("and if in the night I can not pee, what I do?").
_WHAT_TO_DO_TOPICS = frozenset(
    {FIRST_AID_TOPIC, "exercise_cramp", "home_remedies_fail", "rest_positioning"}
)


def supposes_a_sign(parse_data: Optional[Mapping[str, Any]]) -> bool:
    """Whether the red-flag detector read a sign in the message as only supposed or asked."""
    findings = ((parse_data or {}).get("red_flag_detection") or {}).get("findings") or {}
    return any(status in _SUPPOSED_OR_ASKED for status in findings.values())


#: A message that says it changes the subject ("also random but ...", "unrelated, but ...").
NEW_SUBJECT = re.compile(
    r"^\W*(ok(ay)?\W+|oh\W+)?(and\W+)?(also\W+)?(totally\W+|completely\W+)?"
    r"(random|unrelated|off[- ]topic|different (question|thing)|nothing to do with (my )?back)\b"
    r"|^\W*(also|btw|oh and)\W+(what'?s|whats|who|do (u|you) know)\b"
    # "not right now. btw did you see the match last night?" (live test, round 52)
    r"|\b(btw|by the way|random(ly)?|unrelated)\W+(did|have|do) (u|you) (see|watch|hear)\b",
    re.I,
)


def for_a_new_subject(decision: TopicDecision, text: str) -> TopicDecision:
    """No article for a message that changes the subject to something the articles lack.

    Round 51 dev: "also whats the best protein powder lol" got an article picked at 0.24 (or,
    with none, the last one again as a guess); "totally random but do u know any good protein
    bar brands" the first-aid steps. A message that says it changes the subject, with no word
    of the articles' subject and none naming a topic, is out of scope.

    Args:
        decision: The topic decision from the question's words and the topic model.
        text: The message.

    Returns:
        The decision, or one with no answer.
    """
    if decision.named or on_subject(text) or not NEW_SUBJECT.search(text):
        return decision
    return replace(decision, answer=None, choices=(), also=())


def for_a_supposed_sign(
    decision: TopicDecision, parse_data: Optional[Mapping[str, Any]]
) -> TopicDecision:
    """The warning signs, for "what do I do if <a sign>?", instead of first aid for a spasm.

    Live test, stop 48: "and if in the night I can not pee, what I do?" got the steps for a
    spasm, then advice for a cramp during exercise; the answer is when to call for help.

    Args:
        decision: The topic decision from the question's words and the topic model.
        parse_data: The message's parse (the detector's findings).

    Returns:
        The decision, or one answering `warning_signs`.
    """
    if not supposes_a_sign(parse_data):
        return decision
    text = str((parse_data or {}).get("text") or "")
    unnamed = decision.answer is not None and decision.answer not in decision.named
    if decision.answer in _WHAT_TO_DO_TOPICS or (unnamed and _WHO_TO_CALL.search(text)):
        # "if I did get numb down there, would I call you or 999?" (live test, round 41) got
        # sleeping positions: a topic its words do not name, for a question of whom to call.
        return replace(decision, answer=WARNING_SIGNS_TOPIC, choices=(), also=())
    return decision


#: Asking whom to call or where to go ("would I call you or 999?", "do I go to A&E then?").
_WHO_TO_CALL = re.compile(
    r"\b(call|ring|phone|contact|go to|see)\b[^.?!]{0,20}\b(you|999|911|112|111|a ?& ?e|"
    r"the er|hospital|ambulance|doctor|gp)\b",
    re.I,
)


def hinted_topic(text: str, parse_data: Optional[Mapping[str, Any]] = None) -> Optional[str]:
    """The topic an unsure message points to by its form, if any.

    Args:
        text: The patient's message.
        parse_data: Its parse, when the red-flag detector's reading of it may be used.

    Returns:
        `warning_signs` for a red-flag symptom only supposed or asked about ("what if I lost
        control of my bladder, what would I do then?"), `otc_medicines` for "something for
        the pain", `diagnosis` for "what will the doctor do?", `immediate_relief` for "what
        helps / what should I do" about one's back or a statement of one's own back trouble
        with no question, `duration` for a statement of how long it has lasted ("it's been
        like that 2 days"), else None.
    """
    if supposes_a_sign(parse_data):
        return WARNING_SIGNS_TOPIC
    if _FOR_THE_PAIN.search(text):
        return MEDICINE_TOPIC
    if _WHAT_A_DOCTOR_DOES.search(text):
        return DIAGNOSIS_TOPIC
    if _WHAT_TO_DO.search(text) and _BACK.search(text):
        return FIRST_AID_TOPIC
    if (_OWN_BACK_TROUBLE.search(text) or _BACK_TROUBLE_TOLD.search(text)) and "?" not in text:
        return FIRST_AID_TOPIC
    if _HOW_LONG_SO_FAR.search(text) and "?" not in text:
        return DURATION_TOPIC
    return None


def on_subject(text: str) -> bool:
    """Whether a message uses a word of the articles' subject (back, spasm, ice, posture...)."""
    return bool(_ON_SUBJECT.search(text))


def topic_buttons(topic_ids: Tuple[str, ...]) -> List[Dict[str, str]]:
    """Buttons that ask the canonical question of each topic.

    Args:
        topic_ids: The topics to offer.

    Returns:
        Rasa button dicts (title: the topic's label, payload: its question).
    """
    catalogue = load_topics()
    return [
        {"title": catalogue[t].label, "payload": catalogue[t].question}
        for t in topic_ids
        if t in catalogue
    ]


def topic_label(topic_id: str) -> str:
    """The short label of a topic (its id when unknown)."""
    topic = load_topics().get(topic_id)
    return topic.label if topic else topic_id

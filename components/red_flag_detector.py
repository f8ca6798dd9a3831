"""The red-flag detector: a Rasa NLU component placed last in the pipeline.

It sees every user message, whatever the conversation is doing (mid-FAQ, mid-form, after a
fallback), together with the ML intent DIET predicted (and FallbackClassifier may have turned
into `nlu_fallback`). It runs the rule engine (`red_flag_engine`: spaCy matching, negation,
hypothetical and question scope) and combines the findings with the ML intent
(`red_flag_decision`). When the message reports red flags it:

- sets the intent to `report_red_flag` (confidence 1.0, first in the ranking);
- adds one `red_flag` entity per flag id, one `red_flag_urgency` entity (the highest level)
  and one `red_flag_advice` entity (`standard` or `no_driving`, for suspected cauda equina).

When the ML alone says `report_red_flag` it adds `red_flag_advice=clarify` (the bot asks for
details and lists the emergency signs, it does not escalate); when only the learned model
suspects an urgent or soon flag it adds `red_flag_advice=confirm` and `red_flag_suspected` (one
yes/no question; the answer is read by `red_flag_answers`); when every mention is negated or
hypothetical it demotes the ML's `report_red_flag` to the next intent. (The emergency number the
advice responses say comes from the `emergency_number` slot, set from EMERGENCY_NUMBER when the
session starts, by the action server or, when it is down, by the launcher: channels.session_start.)

Patient text is never logged: only flag ids, statuses and the decision.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Set, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from clinic.contract import (
    ADVICE_CLARIFY,
    ADVICE_CONFIRM,
    DETECTION_CORRECTS,
    EMERGENCY,
    ENGLISH,
    ENTITY_LOCAL_EMERGENCY_NUMBER,
    ENTITY_NON_EMERGENCY_SERVICE_REACHABLE,
    ENTITY_RED_FLAG_LANGUAGE,
    ENTITY_RED_FLAG_SUSPECTED,
    INTENT_DENY,
    INTENT_FAQ,
    INTENT_REPORT_RED_FLAG,
    PATIENT_LANGUAGES,
    PROPERTY_EMERGENCY_SCORE,
    PROPERTY_LANGUAGE,
    PROPERTY_RED_FLAG_CONTEXT_SCORES,
    PROPERTY_RED_FLAG_DETECTION,
    PROPERTY_RED_FLAG_KEY_WORDS,
    PROPERTY_RED_FLAG_SCORES,
    PROPERTY_RED_FLAG_SPANS,
    urgency_rank,
)
from clinic.contract import ENTITY_RED_FLAG as ENTITY_FLAG
from clinic.contract import ENTITY_RED_FLAG_ADVICE as ENTITY_ADVICE
from clinic.contract import ENTITY_RED_FLAG_URGENCY as ENTITY_URGENCY
from clinic.places import AWAY_EMERGENCY_NUMBER, AWAY_FROM_HOME
from components.language import denials, denies, doubts, supposes
from components.red_flag_answers import confirmed, denied
from components.red_flag_context import TurnContext, recent_context
from components.red_flag_cues import ALL_CLEAR, CORRECTION, NARROWING, WHY_ASKED
from components.red_flag_decision import (
    Decision,
    DecisionConfig,
    MLIntent,
    Outcome,
    decide,
    report,
    reported_findings,
)
from components.red_flag_engine import (
    DEFAULT_MAX_CHARS,
    DEFAULT_SPACY_MODEL,
    RedFlagEngine,
    shared_engine,
)
from components.red_flag_experiencer import Experiencer
from components.red_flag_findings import Detection, Finding
from components.red_flag_scope import Status

logger = logging.getLogger(__name__)

EXTRACTOR = "RedFlagDetector"
#: Fewer words than this (in English) and the model's scores alone report nothing.
MIN_MODEL_WORDS = 3
_WORD = re.compile(r"[^\W_]+")
#: Thanks and goodbyes say nothing of a symptom: "sound ta. night" is one word ("night") for
#: the model alone, too few to ask about night pain.
_SIGN_OFF = re.compile(
    r"\b(ta|thanks|thank you|thx|ty|cheers|sound|ok|okay|bye|cya|lol|cool|great|nice|mate|"
    r"x+|good ?night|night night|nite|gn)\b",
    re.IGNORECASE,
)
#: In context, the current message's own model score for a flag that must be reached for the
#: combination to count (or a rule must find the flag in it).
CONTRIBUTION_MIN_SCORE = 0.1
#: Inside the call-back form, a flag only the model finds asks for details only from this score
#: ("my clothes are loose" 0.6 does; "forget it, I'll phone them myself" 0.35 is the form's).
FORM_CLARIFY_SCORE = 0.5
#: Signs denied in one other-language message that make it a checklist of absent signs.
CHECKLIST_DENIALS = 2
#: Message property with the (text-free) detection summary, added to the parse output.
DETECTION_PROPERTY = PROPERTY_RED_FLAG_DETECTION


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagDetector(GraphComponent):
    """Decides, with the ML intent, whether a message reports red flags."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The component's default config (see `config.yml` for what can be changed)."""
        return {
            "rules_file": "knowledge/red_flags.yml",
            "spacy_model": DEFAULT_SPACY_MODEL,
            "max_chars": DEFAULT_MAX_CHARS,
            "report_intent": INTENT_REPORT_RED_FLAG,
            "rescue_threshold": 0.8,
            "model_threshold": 0.2,
            "model_override_threshold": 0.7,
            # In context, a flag only the model finds in the joined turns needs this score
            # (an emergency flag, the second one when set).
            "context_model_threshold": 0.5,
            "context_emergency_threshold": None,
            "model_question_threshold": 0.9,
            "model_report_threshold": 0.5,
            "emergencies_never_asked": True,
            "emergency_report_threshold": None,
            "affirmed_report_threshold": None,
            "affirmed_emergency_threshold": None,
            "rules_only_flags": ["spasm_persistent_or_worsening"],
            "language_threshold": 0.5,
            # ... and where the message asks, supposes or denies a sign
            # (components.language.doubts and denies).
            "language_doubt_threshold": 0.8,
            # ... or the flag model this sure of one emergency flag (dev: 2 of 28 misses, no
            # ordinary message of 1,655 over it).
            "language_flag_threshold": 0.9,
            # ... and where it denies two or more signs, a checklist of absent signs.
            "language_checklist_threshold": 0.95,
            "demote_min_confidence": 0.3,
            "fallback_intent": "nlu_fallback",
        }

    def __init__(self, config: Dict[str, Any], engine: Optional[RedFlagEngine] = None) -> None:
        """Builds the detector (the engine is compiled here, once).

        Args:
            config: The component config (defaults merged in).
            engine: An engine to use instead of building one from the config (tests).
        """
        self._config = {**self.get_default_config(), **config}
        self._engine = engine or shared_engine(
            str(self._config["rules_file"]),
            str(self._config["spacy_model"]),
            int(self._config["max_chars"]),
        )
        self._decision_config = DecisionConfig(
            report_intent=str(self._config["report_intent"]),
            rescue_threshold=float(self._config["rescue_threshold"]),
            model_threshold=float(self._config["model_threshold"]),
            model_override_threshold=float(self._config["model_override_threshold"]),
            model_question_threshold=float(self._config["model_question_threshold"]),
            model_report_threshold=float(self._config["model_report_threshold"]),
            emergencies_never_asked=bool(self._config["emergencies_never_asked"]),
            emergency_report_threshold=_optional_float(self._config["emergency_report_threshold"]),
            affirmed_report_threshold=_optional_float(self._config["affirmed_report_threshold"]),
            affirmed_emergency_threshold=_optional_float(
                self._config["affirmed_emergency_threshold"]
            ),
            rules_only_flags=tuple(self._config["rules_only_flags"]),
        )
        self._context_model_threshold = float(self._config["context_model_threshold"])
        self._context_emergency_threshold = _optional_float(
            self._config["context_emergency_threshold"]
        )
        self._experiencer = Experiencer(str(self._config["spacy_model"]))

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagDetector:
        """Creates the component (see parent class for full docstring)."""
        return cls(config)

    @property
    def engine(self) -> RedFlagEngine:
        """The rule engine this detector uses."""
        return self._engine

    def process(
        self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None
    ) -> List[Message]:
        """Detects red flags in each message and updates its intent and entities.

        Args:
            messages: The messages, already processed by the rest of the pipeline.
            tracker: The conversation (Rasa passes it when a message is handled in one), so
                that a symptom spread over turns is read as a whole.

        Returns:
            The same messages.
        """
        context = recent_context(tracker)
        for message in messages:
            self._process_one(message, context)
        return messages

    def _scores(self, message: Message, language: Optional[str]) -> Dict[str, float]:
        scores = message.get(PROPERTY_RED_FLAG_SCORES) or {}
        if language not in PATIENT_LANGUAGES:
            # One or two words ("night", "and heat") are too little for the model alone: the
            # rules still read them, and the conversation's context may complete them.
            words = _WORD.findall(_SIGN_OFF.sub(" ", str(message.get("text") or "")))
            return dict(scores) if len(words) >= MIN_MODEL_WORDS else {}
        # In other languages the rules (English) find nothing; the other-language model says
        # whether the message reports an emergency at all, and the likeliest emergency flag
        # stands for it (only emergencies are recognised there, and get a line in the language).
        rules = self._engine.rules
        candidates = {f: p for f, p in scores.items() if rules.flag(f).urgency == EMERGENCY}
        if not candidates:
            return {}
        likeliest = max(candidates, key=lambda flag: candidates[flag])
        if self._reports_emergency_in(message, language):
            return {likeliest: 1.0}
        # The flag model (trained on every language too) sure of one emergency flag where the
        # any-emergency model is not ("tengo numbness en both legs desde hoy"), unless the
        # message doubts or denies something.
        text = str(message.get("text") or "")
        sure = float(self._config["language_flag_threshold"])
        if candidates[likeliest] >= sure and not (doubts(text, language) or denies(text, language)):
            return {likeliest: 1.0}
        return {}

    def _reports_emergency_in(self, message: Message, language: str) -> bool:
        """Whether the other-language model reads a message as an emergency report."""
        emergency = float(message.get(PROPERTY_EMERGENCY_SCORE) or 0.0)
        threshold = self._config["language_threshold"]
        text = str(message.get("text") or "")
        doubted, denied = doubts(text, language), denies(text, language)
        if doubted or denied:
            threshold = self._config["language_doubt_threshold"]
        if (
            denials(text, language) >= CHECKLIST_DENIALS
            or supposes(text, language)
            or (doubted and denied)
        ):
            # "sin fiebre, sin entumecimiento, sin dolor en el pecho": a checklist of signs
            # the writer does not have, whose words the model reads as the signs; or
            # "hipotéticamente, ...", a message that says it supposes; or "and if one day ...?
            # now I have nothing": a what-if with the sign denied now.
            threshold = self._config["language_checklist_threshold"]
        return emergency >= float(threshold)

    def _word_statuses(
        self, text: str, message: Message, detection: Detection, scores: Dict[str, float]
    ) -> Dict[str, Status]:
        """How the model's heaviest words are meant, for likely flags the rules did not find."""
        words = message.get(PROPERTY_RED_FLAG_KEY_WORDS) or {}
        found = {finding.flag_id for finding in detection.findings}
        statuses: Dict[str, Status] = {}
        for flag, score in scores.items():
            if score >= self._decision_config.model_threshold and flag not in found:
                status = self._engine.word_status(text, words.get(flag) or [])
                if status is not None:
                    statuses[flag] = status
        return statuses

    def _keep(self, text: str, message: Message) -> Callable[[List[Finding]], List[Finding]]:
        sentences = message.get(PROPERTY_RED_FLAG_SPANS) or {}
        words = message.get(PROPERTY_RED_FLAG_KEY_WORDS) or {}
        spans = {
            flag: key_word_span(text, span, words.get(flag) or [])
            for flag, span in sentences.items()
        }
        return lambda findings: self._experiencer.keep(text, findings, spans)

    def _decide(
        self, text: str, message: Message, language: Optional[str]
    ) -> Tuple[Decision, Detection, FrozenSet[str]]:
        """The message's own decision, its detection, and the flags it gives to someone else.

        The last are the reported flags the experiencer set aside ("My MUM had breast cancer,
        not me"): `_in_context` must not add them back from the joined turns.
        """
        detection = self._engine.detect(text)
        scores = self._scores(message, language)
        # The rules' scope is English: in Spanish "no siento nada" ("I feel nothing") its "no"
        # would read as a denial of the symptom.
        english = language not in PATIENT_LANGUAGES
        readable = detection
        if language == ENGLISH and detection.needs_unmet != detection.unsupported:
            # Too short to look English to the engine, English to the language model ("upper.
            # between shoulders"): the model alone still needs what the flag needs.
            readable = dataclasses.replace(detection, unsupported=detection.needs_unmet)
        if not english and not self._reports_emergency_in(message, str(language)):
            # An English term in another language ("cauda equina" in "mijn moeder heeft vroeger
            # het cauda equina syndroom gehad, ze is helemaal hersteld") is read without its
            # sentence: the other-language model, which reads the whole message, decides.
            readable = dataclasses.replace(detection, findings=())
        keep = self._keep(text[: self._engine.max_chars], message)
        set_aside: Set[str] = set()

        def keep_noting(findings: List[Finding]) -> List[Finding]:
            kept = keep(findings)
            set_aside.update({f.flag_id for f in findings} - {f.flag_id for f in kept})
            return kept

        decision = decide(
            readable,
            _ml_intent(message),
            self._engine.rules,
            self._decision_config,
            scores,
            self._word_statuses(text, message, detection, scores) if english else {},
            keep_noting,
        )
        return decision, detection, frozenset(set_aside)

    def _in_context(
        self,
        text: str,
        message: Message,
        context: TurnContext,
        language: Optional[str],
        detection: Detection,
        set_aside: FrozenSet[str],
    ) -> Optional[Decision]:
        """Reads the message with the patient's previous ones.

        Reports only new flags that the current message takes part in (a rule finds the flag in
        it, a rule's mention in the joined turns reaches into it, or the model gives it some
        weight), so that "ok" after an unclear message does not escalate; a flag no rule finds
        in the joined turns needs `context_model_threshold` ("i slid off the sofa, about a foot"
        after "a little fall" scored 0.22 for bladder control). "Heard a pop in my back when I
        bent down" after "I've been on prednisolone for 3 years" completes the fragility
        fracture rule: its mention runs from the steroids to the strain. A flag this message
        gives to someone else (`set_aside`, "My MUM had breast cancer, not me") is not the
        patient's in the joined turns either: the model reads them without whose it is.
        """
        joined = context.joined(text)
        this_message_from = len(joined) - len(text.strip().rstrip("."))
        scores = message.get(PROPERTY_RED_FLAG_CONTEXT_SCORES) or {}
        if language in PATIENT_LANGUAGES:
            scores = {}
        own = message.get(PROPERTY_RED_FLAG_SCORES) or {}
        own_findings = {f.flag_id for f in detection.findings if f.status >= Status.UNCERTAIN}
        # "panic over, the hot water bottle leaked, not me lol" after "Woke up soaking wet":
        # the worry is over; only a rule adds a flag across the turns.
        all_clear = bool(ALL_CLEAR.search(text))
        # "what would it mean if i did get numbness in both legs" after "my back went into
        # spasm at the gym": the rules read the flag here as a what-if; the model reading the
        # turns together, with no word of whose or when, does not make it a report.
        supposed = {
            f.flag_id
            for f in detection.findings
            if f.status in (Status.HYPOTHETICAL, Status.QUESTION)
        }
        # A "no" ("no, legs are fine"), or a message denying a flag ("I've never had cancer
        # myself, no"), adds no flag through the model: its words about the symptom deny it.
        # (Not any denial at all: "I go toilet to piss and e no wan come out" reports.)
        # Nor does a message that only asks ("bit awkward but is it ok to have sex with a back
        # spasm?" after "back locked up deadlifting"): the question is about the flag's words,
        # it tells of no new sign; a sign in it is the rules' to find.
        model_may_add = (
            _ml_intent(message).name != INTENT_DENY
            and not any(f.status == Status.NEGATED for f in detection.findings)
            and not detection.asks
        )
        findings = [
            finding
            for finding in self._experiencer.keep(
                joined,
                reported_findings(
                    self._engine.detect(joined),
                    MLIntent(),
                    self._engine.rules,
                    self._decision_config,
                    scores,
                ),
                {},
            )
            if finding.flag_id not in set_aside
            and (finding.span_known or (finding.flag_id not in supposed and not all_clear))
            and (
                _more_urgent_now(finding, context)
                or (
                    finding.flag_id not in context.reported | context.reported_earlier
                    and (
                        finding.span_known
                        or float(scores.get(finding.flag_id, 0.0))
                        >= self._context_threshold(finding.urgency)
                    )
                    and (
                        finding.flag_id in own_findings
                        or finding.end > this_message_from
                        or (
                            model_may_add
                            and float(own.get(finding.flag_id, 0.0)) >= CONTRIBUTION_MIN_SCORE
                        )
                    )
                )
            )
        ]
        return report(findings, self._engine.rules) if findings else None

    def _context_threshold(self, urgency: str) -> float:
        """The score a flag only the model finds in the joined turns needs."""
        if urgency == EMERGENCY and self._context_emergency_threshold is not None:
            return max(self._context_model_threshold, self._context_emergency_threshold)
        return self._context_model_threshold

    def _process_one(self, message: Message, context: TurnContext) -> None:
        text = message.get("text")
        text = text if isinstance(text, str) else ""
        language = message.get(PROPERTY_LANGUAGE)
        decision, detection, set_aside = self._decide(text, message, language)
        ml_name = _ml_intent(message).name
        if decision.outcome != Outcome.REPORT:
            decision = (
                confirmed(text, ml_name, context, self._engine.rules, detection.ruled_out)
                or decision
            )
        floor = context.session_urgency
        # "sorry I typed that wrong, it's only my LEFT leg" after emergency advice: the less
        # urgent report replaces the earlier one (the case keeps both for the doctor).
        corrects = (
            decision.outcome == Outcome.REPORT
            and floor is not None
            and urgency_rank(decision.urgency) < urgency_rank(floor)
            and bool(CORRECTION.search(text))
            and bool(NARROWING.search(text))
        )
        if (
            context.texts
            and not corrects
            and (decision.outcome != Outcome.REPORT or context.reported_urgency)
        ):
            # A report is read with the recent turns too when one of them was reported: the
            # turns together may make that flag more urgent ("it's getting worse").
            in_context = self._in_context(text, message, context, language, detection, set_aside)
            if in_context and (
                decision.outcome != Outcome.REPORT
                or urgency_rank(in_context.urgency) > urgency_rank(decision.urgency)
            ):
                decision = in_context
        if denied(text, ml_name, context, detection, decision):
            # "no weight change, it hurts when I turn in bed": the answer to the bot's question
            # is no, and only the model (or the context) still sees the flag it asked about.
            decision = Decision(outcome=Outcome.UNCHANGED)
        if (
            decision.outcome == Outcome.REPORT
            and decision.urgency == EMERGENCY
            and set(decision.flags) <= context.reported
            and self._after_emergency(context)
            and WHY_ASKED.search(text)
        ):
            # "why tho? whats jelly legs got to do with my back", right after that advice: the
            # flag is already the case's, and the after-escalation reply answers the doubt and
            # repeats the emergency advice, where the advice again would not answer it.
            decision = Decision(outcome=Outcome.DEMOTE)
        elif decision.outcome == Outcome.CLARIFY and self._after_emergency(context):
            # Right after emergency advice, a message only the model finds symptom-like ("my
            # son can take me in his car") is about that advice: the after-escalation reply
            # answers it and repeats the emergency advice (actions/after_escalation.py). After
            # urgent or soon advice the clarify reply, which lists the emergency signs, stays.
            decision = Decision(outcome=Outcome.DEMOTE)
        elif (
            decision.outcome == Outcome.CLARIFY
            and context.in_form
            and not detection.findings
            and max(self._scores(message, language).values(), default=0.0) < FORM_CLARIFY_SCORE
        ):
            # The form asks for a name, a number, a yes: a reply only the model finds faintly
            # symptom-like ("actually no forget it, ill just ring the number myself", 0.35) is
            # the answer to the form, which must be able to take it (a stop), not a symptom.
            decision = Decision(outcome=Outcome.DEMOTE)
        if decision.advice == ADVICE_CONFIRM and context.in_form:
            # The form's own questions are yes/no too: list the signs instead of asking.
            decision = Decision(outcome=Outcome.CLARIFY, advice=ADVICE_CLARIFY)
        if (
            decision.outcome == Outcome.REPORT
            and floor is not None
            and urgency_rank(decision.urgency) < urgency_rank(floor)
            and not corrects
        ):
            # After emergency advice in this session, a later flag ("should I mention her
            # cancer?") must not bring a lower urgency's advice: the emergency advice again.
            # After same-day advice, "ok ringing 999, she can't move" is no "book within days".
            decision = dataclasses.replace(decision, urgency=floor)
        entities = list(message.get("entities") or [])
        if decision.outcome == Outcome.REPORT:
            self._apply_report(message, detection, decision, entities)
            if language in PATIENT_LANGUAGES:
                # The emergency advice adds a line in this language (domain/languages.yml).
                entities.append(_entity(ENTITY_RED_FLAG_LANGUAGE, str(language), 0, 0))
            if any(AWAY_FROM_HOME.search(said) for said in (*context.texts, text)):
                # "on holiday in Majorca, he fell off a ladder": the advice's first line names
                # the number that works there, not only the clinic's, and same-day advice no
                # non-emergency line of home ("call 111") (domain/core.yml, domain/locale.yml).
                # So when the holiday was told a turn or two before the sign (live test).
                entities.append(_entity(ENTITY_LOCAL_EMERGENCY_NUMBER, AWAY_EMERGENCY_NUMBER, 0, 0))
                entities.append(_entity(ENTITY_NON_EMERGENCY_SERVICE_REACHABLE, "false", 0, 0))
        elif decision.outcome == Outcome.CLARIFY:
            self._apply_question(message, decision, entities)
        elif decision.outcome == Outcome.DEMOTE:
            self._demote(message)
        message.set("entities", entities, add_to_output=True)
        summary = _summary(detection, decision)
        if corrects and decision.outcome == Outcome.REPORT:
            summary[DETECTION_CORRECTS] = True
        message.set(DETECTION_PROPERTY, summary, add_to_output=True)
        if detection.findings or decision.outcome != Outcome.UNCHANGED:
            logger.debug(
                "red flags: outcome=%s flags=%s urgency=%s findings=%s ml=%s",
                decision.outcome.value,
                list(decision.flags),
                decision.urgency,
                [(f.flag_id, f.status.name) for f in detection.findings],
                _ml_intent(message).name,
            )

    def _after_emergency(self, context: TurnContext) -> bool:
        """Whether an emergency flag was reported in the recent turns of this session."""
        rules = self._engine.rules
        known = {flag.id for flag in rules.flags}
        return any(
            rules.flag(flag).urgency == EMERGENCY for flag in context.reported if flag in known
        )

    def _apply_question(
        self, message: Message, decision: Decision, entities: List[Dict[str, Any]]
    ) -> None:
        """Marks a message the bot asks about: the clarify reply, or one confirming question.

        A question keeps its `faq` intent (it is answered first, then the bot asks); anything
        else becomes `report_red_flag`, so that the rules ask.
        """
        entities.append(_entity(ENTITY_ADVICE, str(decision.advice), 0, 0))
        if decision.suspected:
            entities.append(_entity(ENTITY_RED_FLAG_SUSPECTED, decision.suspected, 0, 0))
        report_intent = str(self._config["report_intent"])
        if _ml_intent(message).name not in (INTENT_FAQ, report_intent):
            _promote(message, report_intent)

    def _apply_report(
        self,
        message: Message,
        detection: Detection,
        decision: Decision,
        entities: List[Dict[str, Any]],
    ) -> None:
        _promote(message, str(self._config["report_intent"]))
        spans = {f.flag_id: (f.start, f.end) for f in detection.findings}
        for flag_id in decision.flags:
            start, end = spans.get(flag_id, (0, 0))
            entities.append(_entity(ENTITY_FLAG, flag_id, start, end))
        top_start, top_end = spans.get(decision.flags[0], (0, 0))
        entities.append(_entity(ENTITY_URGENCY, str(decision.urgency), top_start, top_end))
        entities.append(_entity(ENTITY_ADVICE, str(decision.advice), top_start, top_end))

    def _demote(self, message: Message) -> None:
        report = str(self._config["report_intent"])
        ranking = [
            item
            for item in message.get("intent_ranking") or []
            if isinstance(item, dict) and item.get("name") != report
        ]
        fallback = str(self._config["fallback_intent"])
        threshold = float(self._config["demote_min_confidence"])
        if ranking and float(ranking[0].get("confidence") or 0.0) >= threshold:
            intent = dict(ranking[0])
        else:
            intent = {"name": fallback, "confidence": threshold}
            ranking = [dict(intent), *[r for r in ranking if r.get("name") != fallback]]
        message.set("intent", intent, add_to_output=True)
        message.set("intent_ranking", ranking, add_to_output=True)


def _optional_float(value: Any) -> Optional[float]:
    return None if value is None else float(value)


def _promote(message: Message, name: str) -> None:
    """Makes `name` the message's intent, with confidence 1.0, first in the ranking."""
    intent = {"name": name, "confidence": 1.0}
    ranking = [
        item
        for item in message.get("intent_ranking") or []
        if isinstance(item, dict) and item.get("name") != name
    ]
    message.set("intent", intent, add_to_output=True)
    message.set("intent_ranking", [dict(intent), *ranking], add_to_output=True)


def key_word_span(text: str, sentence: Tuple[int, int], words: List[str]) -> Tuple[int, int]:
    """Where a model flag's heaviest words stand in its sentence: the span ConText reads.

    ConText marks a target by the modifiers around it, not inside it: with the whole sentence as
    the target, "my mum" in "my mum died of breast cancer" would mark nothing.

    Args:
        text: The message.
        sentence: (start, end) of the sentence the model weighs most for the flag.
        words: The model's heaviest words for the flag (lower-cased).

    Returns:
        From the first to the last of those words in the sentence; the sentence without them.
    """
    start, end = int(sentence[0]), int(sentence[1])
    found = [
        match.span()
        for word in words
        for match in re.finditer(rf"\b{re.escape(word)}\b", text[start:end], re.IGNORECASE)
    ]
    if not found:
        return (start, end)
    return (start + min(a for a, _ in found), start + max(b for _, b in found))


def _more_urgent_now(finding: Finding, context: TurnContext) -> bool:
    """Whether a flag reported in the recent turns is more urgent with the current message.

    "Tingling down my left leg" was "soon"; "it's getting worse" after it makes it "urgent"
    (red-flags.md: one-leg sciatica, urgent if getting worse), so it is reported again. The
    rules found it (a model finding has the flag's own urgency), and what raises it is in the
    current message: those turns alone were reported at the lower urgency.
    """
    return (
        finding.flag_id in context.reported
        and finding.span_known
        and context.reported_urgency is not None
        and urgency_rank(finding.urgency) > urgency_rank(context.reported_urgency)
    )


def _ml_intent(message: Message) -> MLIntent:
    intent = message.get("intent")
    if not isinstance(intent, dict) or not intent.get("name"):
        return MLIntent()
    try:
        confidence = float(intent.get("confidence") or 0.0)
    except (TypeError, ValueError):
        confidence = 0.0
    return MLIntent(name=str(intent["name"]), confidence=confidence)


def _entity(name: str, value: str, start: int, end: int) -> Dict[str, Any]:
    return {
        "entity": name,
        "value": value,
        "start": start,
        "end": end,
        "confidence_entity": 1.0,
        "extractor": EXTRACTOR,
    }


def _summary(detection: Detection, decision: Decision) -> Dict[str, Any]:
    return {
        "outcome": decision.outcome.value,
        "flags": list(decision.flags),
        "urgency": decision.urgency,
        "findings": {f.flag_id: f.status.name.lower() for f in detection.findings},
        "truncated": detection.truncated,
    }

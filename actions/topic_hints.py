"""Which FAQ topics a message names by its words (knowledge/topic_hints.yml).

The topic model scores every topic for every message; on wording it was not trained on it is
often unsure between unrelated topics ("Do you mean Warning signs or Safe lifting?" for "warm
up first?") or sure of the wrong one. The words a patient uses for the thing they ask about
("Advil", "physio", "balm", "lumbar roll") narrow the choice to the topics about that thing;
the model then chooses among them (`actions.topics.decide_topic`).

Only the clauses that ask something are read when there are any: in "I hurt it lifting a box,
what do I do?" the lifting is the story, not the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Pattern, Tuple

import yaml

from clinic.spoken import written

HINTS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "topic_hints.yml"

#: A clause ends at sentence punctuation or a line break.
_CLAUSES = re.compile(r"[^.!?;\n]+[.!?;]*")
#: A numbered or lettered list item marker ("1)", "b)") inside a line.
_LIST_ITEM = re.compile(r"(?:^|(?<=\s))(?:\d{1,2}|[a-e])\)\s+")
#: A clause asks something when it ends with "?" or opens like a question or a request.
_ASKS = re.compile(
    r"^\W*((so|and|but|also|ok|okay|right|well|hi|hey|hello|then|plus|oh|anyway|anyways|btw|"
    r"yes|yeah|yeh|yep|"
    r"last q\w*|"
    r"one more( thing| q\w*)?)\W+)*"
    r"((what|whats|wats|wots|how|hows|is|are|am|can|could|should|shall|which|when|where|why|"
    r"who|any|anything|tips?|advice|ideas?|worth|ok to|okay to|best)\b"
    # "do you...", "did I...", not "did my back in"
    r"|(do|does|did) (i|you|u|he|she|it|they|we|this|that|these|those|people)\b"
    # "does drinking less water matter", "does the cold make it worse"
    r"|(do|does) (my|the|a|an|too|less|more|much|\w+ing)\b)"
    r"|\b(wondering|not sure (if|whether|about)|any (good|tips|advice|ideas)|"
    r"recommend|suggest|advi[cs]e|help me|please help)\b"
    # a question run on after a story with no punctuation: "back went tuesday night its weds
    # now how long do these things usualy last"
    r"|\s(how (long|many|much|often|soon) (do|does|will|would|should|can|till|until|before)|"
    r"why (does|do|is|did|would) (it|this|they|these|my|the)|"
    r"(what|when) (should|can|do|would) (i|we|he|she)) \w",
    re.IGNORECASE,
)
#: The first-aid topic: what to do now.
FIRST_AID = "immediate_relief"
HYDRATION = "hydration"
#: Topics of medicines taken by mouth, with which a drink may be asked about.
_TAKEN_MEDICINES = frozenset({"otc_medicines", "muscle_relaxants"})
#: A patient telling of their own (or their relative's) back problem now.
_OWN_PROBLEM = re.compile(
    r"\b(put|threw|thrown|tweaked|pulled|hurt|done|did|strained|twisted|wrecked|ricked|cricked)"
    r" (my|his|her|me|me'?s) (lower |upper |low |middle |mid )?back\b"
    r"|\b(my|his|her|me)( poor)? (lower |upper |low |middle |mid )?(back|spine)"
    r"('s| is| has| keeps going| keeps| is going| went| has gone| just| goes| has been| been)? ?"
    r"((absolutely|really|totally|properly|so|still|constantly) )?"
    r"((in|into|in to) )?(spasm\w*|locked|locking|seiz\w*|gone|went|killing|agony|so sore|sore|"
    r"stiff|tight|cramp\w*|grabbing|twing\w*|twitch\w*|catching|hurt|hurts|hurting|aching|"
    # "my back has been at me since I was lifting the meal bags"
    r"at (me|him|her)|giving (me|him|her) (grief|hell|gyp|jip|bother))"
    r"|\b(spasm\w*|cramp\w*|knot\w*) (in|across|between|down|on) (my|his|her|the) "
    r"(lower |upper |low |middle |mid )?(back|shoulder blades|spine)\b"
    # "I have a back spasm", "got a nasty back spasm again", "yo back went at work"
    r"|\b(i have|i'?ve got|i got|i'?m having|got|having)( a| an| this| these| another| bad| awful|"
    r" terrible| horrible| massive| nasty| really)* (lower |upper |low |mid )?back (spasm|pain)"
    # someone the writer asks for: "my 15 year old son has a back spasm since football"
    r"|\b(he|she|they|\w+) (has|'s got|has got|got|is having|has had)( a| an| this| another| bad|"
    r" awful| terrible| massive| nasty| really)* (lower |upper |low |mid )?back (spasms?|pain)\b"
    r"|^\W*(\w+ )?back (went|has gone|gone|locked|seized)\b"
    # "Got bad back. Come on sudden.", "i have a dodgy back today"
    r"|\b(i have|i'?ve got|i got|got|having|have)( a| an| this| me)? (bad|sore|stiff|painful|dodgy|"
    r"knackered|wonky|achy|aching) back\b"
    # "spasm low down since yest", "started with back spasms yesterday"
    r"|^\W*((hi|hello|hey|hiya|morning|evening|ok|so|um|help)\W+)?(back )?spasms? "
    r"(low|lower|down|across|since|for|again|all|right|in the|on the|"
    r"when|whenever|every|after|yesterday|today|this|last)\b"
    r"|\b(started|starting|came on|come on) with (a |bad |awful )?(back )?spasms?\b"
    # "Back's playing up again"
    r"|^\W*(my |the )?back('s| is| has been)? (playing|acting) up\b"
    # "back is sore" on its own (live test, round 49); not "back pain", which names the subject
    r"|^\W*(lower |upper |low |mid )?back('s| is| has been) (so |really |very |proper )?"
    r"(sore|killing( me)?|stiff|tight|in spasm|aching|achy|hurting|agony)\W*$"
    # "mine started saturday lifting a sofa. lower back, really tight"
    r"|\b(lower|upper|low|mid) back,? (really |so |very |super |proper )?(tight|stiff|sore|"
    r"locked|seized|in spasm)\b"
    # "no numbness, peeing fine, just a sore stiff back from moving house"
    r"|\bjust (a |my )?(sore|stiff|tight|achy|bad)( and| ,|,)? ?(sore|stiff|tight|achy)? "
    r"(lower |upper )?back\b"
    # a carer: "he's been complaining about his lower back since Sunday"
    r"|\b(complain\w*|moan\w*|grumbl\w*) (about|of|with) (his|her|my|their|a) "
    r"(sore |bad |stiff )?(lower |upper |low |middle |mid )?back\b",
    re.IGNORECASE,
)
#: A question that asks what to do, with no subject of its own ("what do", "what's the best
#: thing for it", "any tips?"): about the spasm the message tells of.
_WHAT_TO_DO_WORDS = (
    r"(what|wat|wot|whit)( (can|could|should|shall|do|would|must)( (i|we|you|u|a|he|she))?)?"
    r"( (do|dae|try|take))?( (about|for|with) (it|this|that))?"
    r"|(what|wat)('?s| is)( the)? (best|good)( thing| things| stuff)?( (to do|for (it|this|that)))?"
    r"|what (helps|would help|will help|works)|what to do|any (tips|advice|ideas|help)"
)
_WHAT_TO_DO = re.compile(
    rf"^\W*((so|and|but|ok|okay|well|anyway|pls|please)\W+)*({_WHAT_TO_DO_WORDS})\W*$",
    re.IGNORECASE,
)
#: ... or ends a message typed without punctuation ("... feeding the cattle yesterday evening
#: what's the best thing for it").
_ENDS_WITH_WHAT_TO_DO = re.compile(
    r"\b(what|wat)('?s| is)( the)? (best|good)( thing| things| stuff)? (to do|for (it|this|that))"
    r"\W*$|\bwhat (should|can|do|shall) (i|we) do( (about|for|with) (it|this|that))?\W*$",
    re.IGNORECASE,
)
#: A question that only asks whether it is normal ("is this normal??", "is that ok?").
_IS_IT_NORMAL = re.compile(
    r"^\W*((is|isn'?t) (this|that|it) )?(normal|ok|okay|common|usual)"
    # "is it normal to be this bad"
    r"( to (be|feel|hurt)( this| so)? (bad|sore|painful|stiff|tight))?\W*$",
    re.IGNORECASE,
)
#: A message that only names the subject ("back", "spasm??"): nothing asked yet.
_SUBJECT_ONLY = re.compile(
    r"^\W*(my |lower |upper |low )*(back|spasms?|back ?spasms?|back ?pain|pain|backache|help|"
    r"muscle spasms?)\W*$",
    re.IGNORECASE,
)
#: What to offer instead of something the patient does not have.
_INSTEAD_OF = {"ice": "heat", "heat": "ice", "heat pad": "ice", "hot water bottle": "ice"}
#: The topic of each thing one may lack.
_TOPIC_OF_THING = {"ice": "ice", "heat": "heat", "heat pad": "heat", "hot water bottle": "heat"}
_LACKS = re.compile(
    r"\b(no|not got|haven'?t got|havent got|don'?t have|dont have|do not have|out of|without|"
    r"ran out of|run out of)( any)? (?P<thing>ice|heat pad|heat|hot water bottle)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hint:
    """A topic named by the message.

    Attributes:
        topic: The topic the words are about.
        related: The topic and its close relatives, any of which the question may be about.
        clause: The index of the clause that names it.
        firm: The message's form decides the topic, whatever the model is sure of.
    """

    topic: str
    related: FrozenSet[str]
    clause: int
    firm: bool = False


@lru_cache(maxsize=1)
def load_hints(
    path: Path = HINTS_FILE,
) -> Tuple[Tuple[str, Pattern[str], FrozenSet[str], bool], ...]:
    """Loads and compiles the hint words.

    Args:
        path: The hints file.

    Returns:
        (topic, compiled words, related topics, firm) per topic, in the file's order.
    """
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    compiled = []
    for topic, entry in (content.get("hints") or {}).items():
        words = "|".join(f"(?:{word})" for word in entry["words"])
        related = frozenset([topic, *(entry.get("also") or [])])
        pattern = re.compile(rf"\b(?:{words})", re.IGNORECASE)
        compiled.append((topic, pattern, related, bool(entry.get("firm"))))
    return tuple(compiled)


def _matches(parts: List[str], read: List[int]) -> List[Tuple[int, int, int, Hint]]:
    """Every hint word in the clauses `read`: (clause, start, end, hint)."""
    found = []
    for index in read:
        for topic, pattern, related, firm in load_hints():
            for match in pattern.finditer(parts[index]):
                found.append((index, match.start(), match.end(), Hint(topic, related, index, firm)))
    return found


def clauses(text: str) -> List[str]:
    """The message's clauses.

    Sentences, the parts of a line that punctuation separates (typed or said aloud to voice
    typing: "full stop", "question mark"), and the items of a list typed on one line ("1) ice
    or heat 2) which painkiller").
    """
    text = _list_items_asked(written(text))
    parts: List[str] = []
    previous = ""
    for part in (part.strip() for part in _CLAUSES.findall(text)):
        if part and parts and _choice_item(previous) and _choice_item(part):
            parts[-1] = f"{parts[-1]} {part}"  # "ice? heat?": one question, either or
        elif part:
            parts.append(part)
        previous = part
    return parts


#: Sentence punctuation inside a list item.
_PUNCTUATED = re.compile(r"[.!?;]")


def _list_items_asked(text: str) -> str:
    """A list typed on one line, one item per line; an item of a list of questions asks.

    "quick qs: 1) ice or heat 2) can i take ibuprofen": "ice or heat" is the first question,
    written without its question mark. An item with a full stop of its own is left as typed.
    """
    pieces = _LIST_ITEM.split(text)
    if len(pieces) < 3:  # fewer than two items: not a list
        return "\n".join(pieces)
    items = [
        f"{item.rstrip()}?" if item.strip() and not _PUNCTUATED.search(item) else item
        for item in pieces[1:]
    ]
    return "\n".join([pieces[0], *items])


#: Most words of one item of a choice typed as questions ("ice? heat?", "cream? tablets?").
MAX_CHOICE_WORDS = 2
#: A short question that asks rather than names a choice ("what helps?", "why?").
_ASKING_WORD = re.compile(
    r"^(what|why|how|when|where|which|who|is|are|can|could|should|do|does|did|will|would|any)\b",
    re.I,
)


def _choice_item(clause: str) -> bool:
    return (
        clause.endswith("?")
        and len(clause.split()) <= MAX_CHOICE_WORDS
        and not _ASKING_WORD.match(clause)
    )


def names_only_the_subject(text: str) -> bool:
    """Whether a message only names the subject ("back", "my lower back"), asking nothing."""
    return bool(_SUBJECT_ONLY.match(text))


def asks(clause: str) -> bool:
    """Whether a clause asks something.

    A question may follow a comma without a question mark: "been on ibuprofen 3 days, does it
    actually do anything".
    """
    clause = written(clause)
    return clause.rstrip().endswith("?") or any(_ASKS.search(part) for part in clause.split(","))


#: A question about the thing just told, by a pronoun: "Is that dangerous?", "is it safe?".
_ABOUT_THAT = re.compile(
    r"^\W*(is|was|would|could|will) (that|it|this) (be )?(very |really |so |too )?"
    r"(dangerous|safe|bad|ok|okay|harmful|a problem|risky)\W*$",
    re.I,
)
#: Asking for stretches besides those named ("what others apart from cat camel?").
_OTHER_THAN_NAMED = re.compile(
    r"\b(anything else|what else|other (ones|stretches|exercises|moves)|any more|more stretches|"
    r"apart from|besides|other than|aside from|except)\b",
    re.I,
)
STRETCHES = "stretches"


def hints(text: str) -> List[Hint]:
    """The topics a message names; the stretches in general when others than those named are asked.

    "I do cat camel and child's pose, anything else I can add?": the list of stretches, not
    how to do the two the patient already does (round 44 live test).
    """
    found = _named_hints(text)
    if _OTHER_THAN_NAMED.search(text) and any(h.topic.startswith("stretch_") for h in found):
        return [Hint(STRETCHES, frozenset({STRETCHES}), 0, firm=True)]
    return found


def _named_hints(text: str) -> List[Hint]:
    """The topics a message names, in the order it names them.

    Only clauses that ask something are read when the message has any. Of two matches where
    one lies inside the other, the longer wins ("hot water bottle" is heat, not water).

    Args:
        text: The patient's message.

    Returns:
        The hints, one per topic, first named first.
    """
    lacking = _LACKS.search(text)
    if lacking:
        # "no ice in the house. now what": not the ice answer again, the other one; unless a
        # stand-in is asked about ("i have no ice pack. frozen peas is ok?" is about ice).
        thing = lacking.group("thing").lower()
        other = _INSTEAD_OF.get(thing)
        # A question about something else is that question ("no ice in the van, can I take
        # something?" is about medicines).
        rest = text[: lacking.start()] + " " + text[lacking.end() :]
        rest_topics = {hint.topic for hint in hints(rest)}
        stand_in = _TOPIC_OF_THING.get(thing) in rest_topics
        asked_elsewhere = asks(rest) and bool(rest_topics - {FIRST_AID, other})
        if other and not stand_in and not asked_elsewhere:
            return [Hint(other, frozenset({other}), 0, firm=True)]
    parts = clauses(text)
    asking = [index for index, part in enumerate(parts) if asks(part)]
    only_normal = bool(asking) and all(_IS_IT_NORMAL.match(parts[i]) for i in asking)
    if (not asking or only_normal) and _OWN_PROBLEM.search(text):
        # "...hes got back spasms after PE, in a lot of pain. is this normal??" too
        # "tweaked my lower back deadlifting last night, massive spasm": a patient telling
        # what is wrong wants to know what to do about it, not how to lift.
        return [Hint(FIRST_AID, frozenset({FIRST_AID}), 0, firm=True)]
    found = _matches(parts, asking or list(range(len(parts))))
    own_problem = any(_OWN_PROBLEM.search(part) for part in parts)
    generic = [index for index in asking if _WHAT_TO_DO.match(parts[index])]
    if own_problem and (
        (generic and not _matches(parts, asking))
        or (len(parts) == 1 and _ENDS_WITH_WHAT_TO_DO.search(text))
    ):
        # "back spasm yesterday, lift washing machine. what do": what to do about it now, not
        # the lifting the story names
        return [Hint(FIRST_AID, frozenset({FIRST_AID}), generic[0] if generic else 0, firm=True)]
    about_that = bool(asking) and all(_ABOUT_THAT.match(parts[i]) for i in asking)
    if (not found or about_that) and asking:
        # "Also my mother says to apply balm. It will help?", "any link? I barely drink on
        # shift": a question without its subject is about the clause nearest to it; so is
        # "she fell asleep on a hot water bottle once. Is that dangerous?" (round 51 dev).
        asked = found
        first = asking[0]
        for index in sorted(range(len(parts)), key=lambda i: (abs(i - first), i > first)):
            found = [] if index in asking else _matches(parts, [index])
            if found:
                break
        found = found or asked
    kept: Dict[str, Hint] = {}
    for index, start, end, hint in sorted(found, key=lambda f: (f[0], f[1])):
        inside_longer = any(
            other_index == index
            and other_start <= start
            and end <= other_end
            and (other_end - other_start) > (end - start)
            for other_index, other_start, other_end, _ in found
        )
        if not inside_longer and hint.topic not in kept:
            kept[hint.topic] = hint
    drink = kept.get(HYDRATION)
    if drink and any(h.clause == drink.clause for t, h in kept.items() if t in _TAKEN_MEDICINES):
        # "can I drink if I'm taking the ibuprofen": drinking with a medicine is the medicine's
        # question (round 51 dev, reworded), not how much water to drink.
        del kept[HYDRATION]
    return list(kept.values())

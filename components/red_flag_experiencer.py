"""Whose symptom, and is it over? medspaCy's ConText, adapted to patients' chat messages.

The hand-written scope (`red_flag_scope`) reads negation, hypotheticals and questions; it has no
notion of who has the symptom or of events long over. medspaCy's ConText (Chapman et al.'s
algorithm with its default clinical rules) marks mentions as `FAMILY` ("my husband had prostate
cancer") and `HISTORICAL` ("history of", "years ago"). Clinical notes are about one patient, but
a chat message may be written by a relative *about* the patient ("my dad can't feel his legs"):
that is a report. So a `FAMILY` mention is set aside only when the writer says the symptom that
brings them is their own ("I'm the one with the spasm", "I'm not on anything"), and a
`HISTORICAL` one only when the message says it is over ("cleared up", "fine now", "when I was
12"). Cancer history is a flag *because* it is history, so it is never set aside as historical;
nor is osteoporosis found years ago, which lasts.
An animal's symptom ("my dog wet the bed", "the cat had a fever") is never the patient's.

Measured against the hand-written scope alone on the independent dev split
(`scripts/compare_red_flag_parts.py`); the note of the stop that added it gives the figures.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import Any, FrozenSet, Iterator, List, Mapping, Sequence, Tuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from clinic.contract import EMERGENCY
from components.red_flag_findings import Finding
from components.red_flag_matching import spell_out_first_token

FAMILY = "family"
HISTORICAL = "historical"
PAST = "past"
NEGATED = "negated"
HYPOTHETICAL = "hypothetical"
ANIMAL = "animal"
#: A stranger is its subject ("a man fainted in the queue"), in a message about the writer.
STRANGER = "stranger"
#: A relative's sign in a message that says nothing of a back, a spasm or a pain.
UNRELATED = "unrelated"

#: The writer says the complaint is their own, so a relative's mention is that relative's own.
_WRITER_IS_PATIENT = re.compile(
    r"\b(i'?m the one|i am the one|(i'?m|i am) not\b|not me\b|(for|about) me\b|"
    # "my nan had osteoporosis and broke her back ..., could that be what's happening to me?"
    r"(happening|going on) (to|with) me\b|"
    # "she's not the one with the back ache, I am"
    r"(she'?s|he'?s|they'?re|she is|he is|they are) not the one\b|"
    # "mine is only stiffness", "not to do with me"
    r"mine(?:'s| is)\b|(nothing|not) to do with me\b|"
    r"(i'?ve|i have) had (one|it|them) since\b|"
    r"(i'?ve|i have|i'?ve got|i got|i have got|i'?ve (just|only) got|i (just|only) (have|got)) "
    r"(had )?(a |this |my |some )?(bad |tight |stiff |sore |pulled |muscle )?((lower|upper|low) )?"
    r"(back|spasm)|"
    r"my (own |poor )?(back )?spasms?\b|my (own |poor )?(lower |upper )?back\b|"
    r"(hurt|pulled|strained|tweaked|twisted|injured|did|done) mine\b|"
    # a carer: "helping him walk has given me back spasms", "lifting her is wrecking my back"
    r"(given|giving|gave|gives) me (a |bad |these |back )*"
    r"(spasms?|backache|back pain|a bad back)\b|"
    # "my dad gets numb feet from it - i dont."
    r"\bi (do ?n'?t|do not)\s*[.!;]|- i (do ?n'?t|do not)\b|"
    # a sentence with the writer left out: "... I'm 47. Got a spasm loading the dishwasher"
    r"(?:^|[.!?]\s+)(?:got|have got|been getting|getting|woke up with) (?:a |this |these |some )?"
    r"(?:bad |tight |stiff |sore |nasty |horrible )?(?:(?:lower|upper|low) )?(?:back )?"
    r"(?:spasms?|backache|back pain)\b|"
    # "I'm 29 and fit ... pulled something at 5-a-side last night"
    r"(?:^|[.!?]\s+)(?:i (?:think i )?|i'?ve (?:just )?)?(?:pulled|strained|tweaked|twisted|"
    r"ricked|cricked) (?:something|a muscle|my back)\b)",
    re.IGNORECASE,
)
#: A relative's episode that is in the past: "had ... last year", "was ... years ago".
_PAST_EPISODE = re.compile(
    r"\b(had|has had|was|were|used to)\b[^.!?]*\b(last (year|month|summer|winter|spring|"
    r"autumn|fall)|(years?|yrs?) ago|in (19|20)\d\d|"
    # "my husband had a heart attack in March"
    r"in (january|february|march|april|may|june|july|august|september|october|november|"
    r"december))\b",
    re.IGNORECASE,
)
#: The past event is over.
_OVER = re.compile(
    r"\b(cleared up|all clear|fully recovered|recovered|gone now|long gone|fine now|"
    # "came right in five minutes", "sore a week then fine", "then it stopped" ("it's gone" is
    # not: "the feeling has gone", "5 kg gone since summer" are losses, not recoveries)
    r"came right|then (it )?(stopped|went away|settled|passed|cleared|eased off)|"
    r"then (fine|ok|okay|better|normal)|back to normal|"
    # "they popped a catheter in, all fine after"
    r"(all|was|were|been) (fine|ok|okay|normal|good) (after|afterwards|since)\b|"
    r"healed|went away|sorted (itself )?out|(antibiotics|tablets|treatment) (cleared|sorted) it|"
    # "a kidney infection with a high temp back in march, cleared with antibiotics"
    r"(?<!n't )(?<!not )(?<!never )(cleared|sorted|went|settled)( up| out)? (with|after|on) "
    r"(the |a |some )?(course of )?(antibiotics|tablets|treatment|meds|medication)|"
    # "I had some bladder leaking and back pain, all sorted after physio"
    r"all sorted|(was|got|all) sorted (after|with|by)|"
    r"when i was pregnant with (my )?(eldest|oldest|first|youngest|son|daughter|\w+)|"
    r"(totally|completely|fully|all) better|"
    # "it all went after they were born", "went away once I stopped the tablets"
    r"\b(it|that|they|both|all) (all )?(went|disappeared|vanished|cleared) (away |up )?"
    r"(after|once|when)\b|"
    # "numbness after the epidural, but that went within a day", "it wore off in a few hours"
    r"(went|cleared|settled|stopped|passed|wore off)( away| off)? (after|within|in) "
    r"(a |an |\w+ )?(couple|few|hour|hours|day|days|week|weeks)|"
    # "did the pelvic floor exercises and it stopped completely"
    r"\b(it|that|they) (had |has )?(stopped|cleared|settled|went away) (completely|altogether|"
    r"for good|entirely)\b|"
    r"when i was (a kid|a child|a teen|a teenager|a student|young|younger|little|\d+|"
    r"at (school|uni|university|college))|back in (uni|university|school|college|the day)|"
    r"(till|until|til) i was (about |around )?\d+|"
    r"as a (kid|child|teen|teenager)|(years?|yrs?) ago|in (19|20)\d\d|totally unrelated|"
    # "anything I should avoid because of the old sciatica?": a care asked for an old trouble
    r"(because of|due to) (my|the|that|his|her) old (back )?(sciatica|injury|disc|"
    r"fracture|trouble|problem)(?!'s|\s+(is|has|was|flar|play|act|back|again|kick|start|com|"
    r"return))|"
    # "in my twenties I had a spell where my legs felt weak ... been fine for years"
    r"in (my|his|her) (teens|twenties|thirties|forties|fifties|20s|30s|40s|50s)|"
    r"(been )?(totally |completely |absolutely |perfectly )?(fine|ok|okay|well|clear|"
    r"fine ever since) for (years|ages|decades)|"
    # "pelvic floor physio fixed it"
    r"(physio|physiotherapy|treatment|surgery|the op|exercises|tablets|antibiotics) "
    r"(fixed|sorted|cured|cleared) (it|that|them)|"
    r"(the )?year before last|had (an? |the |his |her )?(op|operation|surgery)|"
    r"(tests?|scans?|checks?|results?|ecg|bloods)( all)?( came back| were| was)?( all)? "
    r"(clear|normal|fine)|all clear|it was (just |only )?(reflux|indigestion|heartburn|wind|"
    r"gas|anxiety|a panic attack|muscular|a pulled muscle))\b",
    re.IGNORECASE,
)
#: A relative's own episode or condition: "after his stroke", "when her disc went", "my twin has
#: MS and gets numb legs". Theirs, unless the writer reports it as happening now.
_RELATIVES_OWN = re.compile(
    r"\b((after|when|since) (his|her|their) (stroke|op|operation|surgery|accident|heart attack|"
    r"disc (went|prolapsed|slipped)|disc prolapse)|after an? (disc prolapse|slipped disc|stroke)|"
    r"(has|have|got|with|from (his|her|their)) (type ?(1|2|one|two) )?(ms|multiple sclerosis|"
    r"parkinson'?s|diabetes|"
    # "Dad's got diabetic neuropathy"
    r"(diabetic |peripheral )?neuropathy|fibromyalgia|"
    r"spina bifida)|had (\w+ )?cancer|"
    # "my husband had a heart attack in March and his first sign was back pain"
    r"had (a|an|his|her|their) (\w+ )?(heart attack|stroke|aneurysm|cardiac arrest|bypass)|"
    # "mum and dad are both diabetic and have numb feet"
    r"(is|are|'s|both) (both )?(type ?(1|2|one|two) )?diabetics?)\b",
    re.IGNORECASE,
)
#: Words that make a relative's symptom a present one, to report.
_NOW = re.compile(
    r"\b(now|today|tonight|this (morning|afternoon|evening)|since|currently|suddenly|"
    r"started|keeps|came back|come back|flared( up)?)\b",
    re.IGNORECASE,
)
#: A flag whose risk factor is history by nature: a cancer treated years ago.
NEVER_HISTORICAL: FrozenSet[str] = frozenset({"cancer_history"})
#: A lasting condition is not over because it was found long ago: osteoporosis "diagnosed a few
#: years ago" is there still (a week of steroids in 2021, "nothing since", is over).
_LASTING = re.compile(
    r"osteop[oa]r|osteopenia|(brittle|thin|thinning|weak|weakening|fragile|porous) bones|"
    r"bone (density|thinning|loss)|bones (are )?like|"
    r"transplant|immuno-?(suppress|compromis)|tacrolimus|ciclosporin|azathioprine|mycophenolate|"
    r"methotrexate|biologics|\bhiv\b",
    re.IGNORECASE,
)
#: The modifiers the detector uses: ConText's negation and hypotheticals lost 11 points of
#: emergency recall on the dev split against the hand-written scope, so only these two are used.
USED: FrozenSet[str] = frozenset({FAMILY, HISTORICAL, PAST, ANIMAL, STRANGER, UNRELATED})
#: Flags that are an illness of their own, which a relative may simply have (a fever, a
#: cancer): with no back or pain in the message, a relative's is not a report.
ILLNESS_FLAGS: FrozenSet[str] = frozenset({"infection_signs", "cancer_history"})


#: Relatives as patients name them in a chat ("my mum", "my hubby"); medspaCy's default rules,
#: written for clinical notes, know only "family". The first ones also without "my" ("grandma
#: has brittle bones").
RELATIVES: Tuple[str, ...] = (
    "mum", "mom", "mam", "mother", "dad", "father", "nan", "nana", "gran", "granny",
    "grandma", "grandmother", "grandad", "granddad", "grandpa", "grandfather", "twin",
    "brother", "sister", "husband", "wife", "hubby", "partner", "son", "daughter", "aunt",
    "auntie", "uncle", "cousin", "boyfriend", "girlfriend", "friend", "colleague",
    "kid", "kids", "child", "children", "niece", "nephew", "grandson", "granddaughter",
    "flatmate", "housemate", "mate", "pal", "buddy", "bestie", "neighbour", "neighbor",
    "stepdad", "stepmum", "stepmom", "fiance", "fiancee", "missus",
)  # fmt: skip
#: Animals: their symptoms are never the patient's ("my dog wet the bed", "the cat had a fever").
ANIMALS: FrozenSet[str] = frozenset(
    {"dog", "dogs", "doggy", "doggo", "puppy", "pup", "cat", "cats", "kitten", "kitty", "horse",
     "pony", "rabbit", "bunny", "hamster", "parrot", "budgie", "ferret", "pet", "pets",
     "labrador", "lab", "spaniel", "terrier", "collie", "retriever", "poodle", "greyhound",
     "whippet", "dachshund", "pug", "bulldog", "husky", "alsatian"}
)  # fmt: skip
#: An animal is the subject of a mention at most this many words before it ...
ANIMAL_WINDOW = 5
#: ... with none of these between (the writer or a person is the subject again).
_PERSON_WORDS: FrozenSet[str] = frozenset(
    {"i", "me", "my", "myself", "we", "us", "you", "he", "she", "him", "her", "they", "them"}
)
#: Relatives named without "my" in a chat ("grandma fell", "mum has osteoporosis").
BARE_RELATIVES: Tuple[str, ...] = (
    "mum", "mom", "dad", "nan", "nana", "gran", "granny", "grandma", "grandad", "granddad",
    "grandpa", "hubby", "mam",
    # the possessive typed without its apostrophe: "mams got MS and shes always numb"
    "mums", "moms", "mams", "dads", "nans", "grans",
    # "Kid wet the bed at 4am", a carer's "residents with all sorts - one with bone cancer"
    "kid", "kids", "toddler", "baby", "resident", "residents",
)  # fmt: skip


#: The span group ConText reads the mentions from.
MENTIONS = "red_flag_mentions"


@lru_cache(maxsize=2)
def context_pipeline(spacy_model: str) -> Language:
    """The project's spaCy pipeline with a sentencizer and medspaCy's ConText.

    ConText has its default rules plus "my <relative>" as a `FAMILY` cue. No rule reads lemmas,
    so the lemmatizer is left out.
    """
    import medspacy  # noqa: F401  (registers the "medspacy_context" factory)
    from medspacy.context import ConTextRule
    from medspacy.context.context import DEFAULT_RULES_FILEPATH

    nlp = spacy.load(spacy_model, exclude=["lemmatizer"])
    if "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    # The mentions are a span group, not entities: a rule's mention and the model's sentence
    # for another flag may overlap, and ConText reads each target on its own.
    context = nlp.add_pipe(
        "medspacy_context",
        config={"rules": None, "input_span_type": "group", "span_group_name": MENTIONS},
    )
    family = (
        [
            ConTextRule(
                f"my {relative}",
                "FAMILY",
                pattern=[
                    {"LOWER": {"IN": ["my", "our", "me"]}},
                    {"LOWER": {"IN": [relative, f"{relative}'s"]}},
                ],
                direction="FORWARD",
            )
            for relative in RELATIVES
        ]
        + [
            ConTextRule(
                relative,
                "FAMILY",
                pattern=[{"LOWER": {"IN": [relative, f"{relative}'s"]}}],
                direction="FORWARD",
            )
            for relative in BARE_RELATIVES
        ]
        + [
            # "my old man had a heart attack at 60": a father (or a husband); "my old dear": a
            # mother
            ConTextRule(
                "my old man",
                "FAMILY",
                pattern=[
                    {"LOWER": {"IN": ["my", "our", "me"]}},
                    {"LOWER": "old"},
                    {"LOWER": {"IN": ["man", "man's", "lady", "lady's", "dear", "fella"]}},
                ],
                direction="FORWARD",
            ),
            # "sister-in-law has osteoporosis", "my father in law": the tokenizer splits the hyphens
            ConTextRule(
                "in-law",
                "FAMILY",
                pattern=[
                    {"LOWER": {"IN": ["mother", "father", "sister", "brother", "son", "daughter"]}},
                    {"LOWER": "-", "OP": "?"},
                    {"LOWER": "in"},
                    {"LOWER": "-", "OP": "?"},
                    {"LOWER": {"IN": ["law", "laws", "law's"]}},
                ],
                direction="FORWARD",
            ),
        ]
    )
    rules = ConTextRule.from_json(DEFAULT_RULES_FILEPATH) + family
    context.add(list(_first_token_spelled_out(rules)))  # type: ignore[attr-defined]
    return nlp


def _first_token_spelled_out(rules: Sequence[Any]) -> Iterator[Any]:
    """The same ConText rules, one per word of a pattern's first `IN` list (the same matches).

    spaCy compares a single word in compiled code; an `IN` list is a Python call on every token
    of every message (issue 9: detection under 5 ms per message).
    """
    for rule in rules:
        if not isinstance(rule.pattern, list):
            yield rule
            continue
        for pattern in spell_out_first_token(rule.pattern):
            spelled = copy.copy(rule)
            spelled.pattern = pattern
            yield spelled


def modifiers(
    text: str, spans: Sequence[Tuple[int, int]], spacy_model: str
) -> List[FrozenSet[str]]:
    """ConText's modifiers of some character spans of a message, as they hold in a chat.

    Args:
        text: The message.
        spans: (start, end) character offsets of mentions.
        spacy_model: Path of the project's spaCy pipeline.

    Returns:
        Per span: `family` (a relative's, and the writer says the complaint is their own),
        `historical` (its sentence says it is over), `past` (its sentence tells of an episode
        in the past: "had ... last year"), `animal` (a pet is its subject), and ConText's own
        `negated` and `hypothetical` (reported for comparison; the hand-written scope decides
        those).
    """
    nlp = context_pipeline(spacy_model)
    writer_is_patient = bool(_WRITER_IS_PATIENT.search(text))
    # The model often places several flags in the same sentence: each span is read once.
    unique = list(dict.fromkeys(spans))
    doc: Doc = nlp.make_doc(text)
    mentions = [doc.char_span(*span, label="FLAG", alignment_mode="expand") for span in unique]
    doc.spans[MENTIONS] = [mention for mention in mentions if mention is not None]
    for _, component in nlp.pipeline:
        doc = component(doc)
    marks = [
        frozenset() if mention is None else _marks(mention, writer_is_patient)
        for mention in mentions
    ]
    by_span = dict(zip(unique, marks, strict=True))
    return [by_span[span] for span in spans]


#: A relative's relative ("my husband's uncle", "mum's sister") in a past episode ("had", "was"):
#: not the patient the writer reports for. Now ("my partner's dad suddenly has ...") it may be.
_RELATIVE_WORDS = "|".join(RELATIVES)
_RELATIVES_RELATIVE = re.compile(
    rf"\b(?:{_RELATIVE_WORDS})'?s (?:{_RELATIVE_WORDS})\b", re.IGNORECASE
)
_OPENS_WITH_RELATIVE = re.compile(rf"^\W*(?:my|our|me)\s+(?:{_RELATIVE_WORDS})\b", re.IGNORECASE)
#: The relative as the subject just before the mention: "My brother had cauda equina surgery",
#: "my son (14) still wets the bed".
_RELATIVE_HAD = re.compile(
    rf"\b(?:my|our)\s+(?:{_RELATIVE_WORDS})(?:'s)?(?:\s*\(\w+\)|,\s*\d+,)?\s+"
    r"(?:(?:still|often|sometimes|always|also|usually)\s+)?"
    r"(?:(?:had|has had|needed|went through|was diagnosed with|was treated for)\s+"
    r"(?:an?\s+|the\s+|emergency\s+|urgent\s+)*)?$",
    re.IGNORECASE,
)
_TOLD_AS_PAST = re.compile(r"\b(had|was|were|used to|died|passed away)\b", re.IGNORECASE)
#: Besides `_RELATIVES_OWN`, a relative's long-standing condition that explains the sign
#: ("mum has dementia and wets herself", "dad's parkinson's"), when a carer writes about their
#: own back.
_CHRONIC_CAUSE = re.compile(
    r"\b(dementia|alzheimer'?s|(had|has) a stroke|parkinson'?s|cerebral palsy|"
    # "my nan had both her legs go weak once but that was a stroke"
    r"(that|it|this) was (just |only )?(a |her |his |their )?(stroke|mini stroke|tia|ms)|"
    r"for (months|years|ages|decades)|"
    # "my wife has had sciatica in both legs for months and is on the list for an operation"
    r"on the (waiting )?list for (an? |her |his |their )?(operation|op|surgery)|"
    # a carer's daily work: "she's doubly incontinent now, the district nurses come twice a
    # week", "bladder incontinence (long-standing, GP knows, pads etc)"
    r"long[- ]?standing|district nurses?|incontinence pads|(gp|doctor|doctors) knows?|"
    r"doubly incontinent|"
    # "My nan is incontinent and I do her care at home": a state, not a new loss
    r"(is|are|'s) (doubly |totally |fully |completely )?incontinent|"
    # "dad has spinal stenosis and his legs go weak ... he's under the specialist for it"
    r"(spinal )?stenosis|neuropathy|multiple sclerosis|(has|with|her|his|'s|got) ms|"
    # "my husband who's been paraplegic since a car crash, no feeling from the waist down"
    r"paraplegic|quadriplegic|tetraplegic|paralysed|paralyzed|in a wheelchair|wheelchair user|"
    r"spinal (cord )?injury|"
    # a condition someone was born with: "my son uses a wheelchair and has had no feeling in
    # his legs since birth"
    r"(uses|needs) a wheelchair|since (birth|(he|she) was born|childhood)|from birth|born with|"
    r"spina bifida|all (his|her|their) li(fe|ves)|"
    r"under (the|a|his|her|their) (specialist|consultant|neurologist|hospital|team)|"
    # "my wife's 7 months pregnant and her legs go numb when she sits, the midwife says that's
    # normal": a relative's sign that a professional has explained
    r"(midwife|doctor|gp|consultant|physio|nurse|specialist)s? "
    r"(says?|said|told (us|her|him|me|them)),? (that'?s|it'?s|its|that is|it is|this is) "
    r"(normal|nothing|fine|common|expected)|"
    # "my son (14) still wets the bed now and then, doctors say he'll grow out of it"
    r"(will|'ll|should|would) grow out of (it|that|them))\b",
    re.IGNORECASE,
)
#: ... unless the sign is new ("since this morning", "suddenly").
_NEW_SIGN = re.compile(
    r"\b(today|tonight|this (morning|afternoon|evening)|last night|yesterday|suddenly|"
    r"all of a sudden|just now|new|since (mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    re.IGNORECASE,
)
#: A sign the writer has had for a long time and that has not changed is not a new one ("she's
#: been incontinent for years, nothing's changed there").
_LONG_STANDING = re.compile(
    r"\b(for (years|ages|decades|a long time)|long[- ]?standing|since (birth|childhood)|"
    # "(years old, nothing new)", "exactly the same for 5 years"
    r"(?<!\d )(years|yrs) old|for (the )?(last |past )?\d{1,2} (years|yrs))\b",
    re.IGNORECASE,
)
_UNCHANGED = re.compile(
    r"\b(nothing('?s| has) changed|no change|(has|have|hasn'?t|haven'?t|not) changed|"
    r"unchanged|same as (always|ever|usual)|nothing new|(exactly |just |always )?the same for)\b",
    re.IGNORECASE,
)
#: "fine now ish", "mostly better now": an episode that is not quite over.
_HEDGED_OVER = re.compile(
    r"\b(fine|ok|okay|better|normal|gone) now[- ]?ish\b|"
    r"\b(mostly|almost|nearly|kind of|kinda|sort of|sorta|more or less|not quite|half) "
    r"(fine|ok|okay|better|normal|back to normal|gone|recovered)\b",
    re.IGNORECASE,
)
#: The writer says a relative's signs are not theirs: "I've got none of that", "I don't have
#: any of those", "none of that with me".
_NOT_MINE = re.compile(
    r"\b(i'?ve|i have|i)( got| had)? none of (that|those|them|it|this)\b|"
    r"\bi (do ?n'?t|do not|have ?n'?t|have not)( have| got| had)? (any of )(that|those|them|it|"
    r"(his|her|their|the) (symptoms|signs))\b|"
    r"\bnone of (that|those|them|it) (with|for|here|in|on) me\b",
    re.IGNORECASE,
)
#: A story told in the past tense: "it started with his legs going numb and he couldn't pee".
_TOLD_IN_PAST = re.compile(
    r"\b(had|was|were|used to|started|began|went|could ?n'?t|could not|did ?n'?t|did not)\b",
    re.IGNORECASE,
)
#: The writer's own diabetes: numb feet that come with it are long-standing, not a new sign
#: ("I'm diabetic (type 2) and my feet don't feel heat very well - is a heat pad ok?").
_WRITER_DIABETIC = re.compile(
    r"\b((i'?m|i am|im) (a )?(type ?(1|2|one|two) )?diabetic|i (have|'ve got|got|'ve) "
    r"(type ?(1|2|one|two) )?diabetes|my (diabetes|diabetic neuropathy|neuropathy))\b",
    re.IGNORECASE,
)
_FEET = re.compile(r"\b(feet|foot|toes|soles)\b", re.IGNORECASE)
_LEGS = re.compile(r"\b(legs?|thighs?|knees?)\b", re.IGNORECASE)
#: A relative who died of it ("my mum died of breast cancer") is not the patient writing.
_DIED = re.compile(r"\b(died|passed away|passed on|lost (him|her|them) to)\b", re.IGNORECASE)


#: Words that make an animal the cause, not the subject: "thrown from her pony", "kicked by a
#: horse", "fell off the horse".
_ANIMAL_AS_CAUSE: FrozenSet[str] = frozenset(
    {"from", "off", "by", "under", "over", "onto", "into", "with", "against"}
)
#: Words that may stand between such a word and the animal ("from her pony", "by a big horse").
_DETERMINERS: FrozenSet[str] = frozenset(
    {"a", "an", "the", "her", "his", "my", "their", "our", "your", "big", "young", "new"}
)


def _animal_subject(entity: Span) -> bool:
    """An animal ("my dog", "the cat") just before the mention, with no person between.

    An animal the person came off or was hit by ("thrown from her pony", "kicked by a horse")
    is the cause of the person's sign, not the one who has it; so is one that did it to the
    writer ("a horse kicked me square in the lower back").
    """
    after = entity.doc[entity.start : min(entity.end + 1, entity.sent.end)]
    if {token.lower_ for token in after} & _WRITER_AS_OBJECT:
        return False
    before = [token.lower_ for token in entity.doc[entity.sent.start : entity.start]]
    window = before[-ANIMAL_WINDOW - 1 :]
    for at in range(len(window) - 1, -1, -1):
        word = window[at]
        if word in _PERSON_WORDS:
            return False
        if word.removesuffix("'s") in ANIMALS:
            following = window[at + 1] if at + 1 < len(window) else ""
            if following in _EXERCISE_NAMES or (at and window[at - 1] == "downward"):
                continue  # "the cat one", "cat-cow", "downward dog": a stretch, not an animal
            earlier = [w for w in before[: len(before) - len(window) + at] if w not in _DETERMINERS]
            return not (earlier and earlier[-1] in _ANIMAL_AS_CAUSE)
    return False


#: Words after an animal's name that make it a stretch ("the cat one", "cat-cow", "cobra pose").
_EXERCISE_NAMES: FrozenSet[str] = frozenset(
    {"one", "stretch", "stretches", "pose", "poses", "cow", "-", "camel", "exercise", "position"}
)
_FIRST_PERSON_SUBJECT: FrozenSet[str] = frozenset({"i", "i'm", "im", "me", "my", "myself"})
_WRITER_AS_OBJECT: FrozenSet[str] = frozenset({"me", "us", "my", "myself", "our"})
#: Someone the writer does not report for: "a man fainted", "this lady collapsed", "the
#: neighbour's boy came off his bike".
_STRANGER = re.compile(
    r"\b(a|an|another|this|some|one|one of (?:our|my|the|his|her|their)|the neighbou?r'?s|"
    r"a neighbou?r'?s|a friend'?s)\s+"
    r"(old |young |little |big |poor |random |elderly )?"
    r"(man|woman|guy|lady|bloke|chap|fella|girls?|boys?|lads?|kids?|child|children|pupils?|"
    r"students?|passenger|stranger|person|"
    r"runner|player|cyclist|customer|pensioner|patients?|residents?|clients?)\s*$",
    re.IGNORECASE,
)


_STRANGER_OPENS = re.compile(_STRANGER.pattern.removesuffix(r"\s*$") + r"\b", re.IGNORECASE)
#: People in general as the subject: "a documentary about people whose back pain turned out to
#: be cancer", "patients who have this end up ...".
_PEOPLE_WHO = re.compile(
    r"\b(people|patients|folks|others|those|someone|somebody|anyone|men|women|adults|"
    r"a (man|woman|guy|lady|bloke|person))(\s+(on|in|from|at) (the |a |this )?[\w']+)?\s+"
    r"(whose|who|that)\b",
    re.IGNORECASE,
)


def _people_in_general(entity: Span) -> bool:
    """People in general are the subject ("a documentary about people whose back pain ...")."""
    before = entity.doc.text[entity.sent.start_char : entity.start_char]
    people = list(_PEOPLE_WHO.finditer(before))
    if not people:
        return False
    after = set(re.findall(r"[\w']+", before[people[-1].end() :].lower()))
    return not after & _FIRST_PERSON_SUBJECT


def _stranger_subject(entity: Span) -> bool:
    """Whether a stranger is the mention's subject.

    Just before it ("a man fainted in the queue"), or opening its sentence with no "I" or "my"
    before it ("The neighbour's boy came off his bike right outside our house, full somersault
    over the handlebars").
    """
    doc, start = entity.doc, entity.sent.start
    after = doc[entity.start : min(entity.end + 1, entity.sent.end)]
    if {token.lower_ for token in after} & _WRITER_AS_OBJECT:
        return False  # "a bloke rear-ended me": the writer is the one it happened to
    if _STRANGER.search(doc[max(start, entity.start - 5) : entity.start].text):
        return True
    opening = doc[start : min(start + 4, entity.start)].text
    between = {token.lower_ for token in doc[start : entity.start]}
    return bool(_STRANGER_OPENS.match(opening)) and not between & _FIRST_PERSON_SUBJECT


#: A relative's back or pain now ("her back has been killing her"): the relative may be the
#: patient the writer reports for.
_RELATIVE_IN_PAIN = re.compile(
    r"\b(her|his|their|she|he|they)\b(?:(?![.!?]).){0,30}?\b(back|spasm|pain|ache|hurt|sore|agony)",
    re.IGNORECASE,
)


#: A back, a spasm or a pain, anyone's: a message without any is not about a back problem.
_BACK_OR_PAIN = re.compile(
    r"\b(backs?|spine|spinal|spasm\w*|pain\w*|ache\w*|aching|hurt\w*|sore|agony|sciatica)\b",
    re.IGNORECASE,
)


#: Where a sentence's clauses part: "had breast cancer 5 years ago, now my leg keeps dragging".
#: ("had a discectomy in 2019 and was fine until a fortnight ago when the spasms started
#: again": the spasms are now)
_CLAUSE_BREAK = re.compile(
    r"[,;:()]|\s[-\u2013\u2014]+\s|\b(but|and now|now|until|till)\b", re.IGNORECASE
)


def _now_in_own_clause(entity: Span) -> bool:
    """The mention's own clause tells of now, and nothing in it says it is over.

    "had breast cancer 5 years ago, now my left leg keeps dragging": the years ago belong to
    the cancer, the dragging leg is today's.
    """
    clause = _own_clause(entity)
    over = _says_over(clause) or _PAST_EPISODE.search(clause)
    return bool(_NOW.search(clause)) and not over


def _own_clause(entity: Span) -> str:
    """The text of the mention's clause within its sentence (between `_CLAUSE_BREAK`s)."""
    sentence = entity.sent
    text = sentence.text
    start = entity.start_char - sentence.start_char
    end = entity.end_char - sentence.start_char
    breaks = list(_CLAUSE_BREAK.finditer(text))
    left = max((m.start() for m in breaks if m.end() <= start), default=0)
    right = min((m.start() for m in breaks if m.start() >= end), default=len(text))
    return text[left:right]


#: The writer as the subject again after a relative is named: "my wife says I've lost
#: weight" is the writer's own weight.
_FIRST_PERSON: FrozenSet[str] = frozenset({"i", "i'm", "im", "me", "myself", "ive", "i've"})


def _relative_is_subject(entity: Span) -> bool:
    """A ConText relative cue modifies the mention, with no "I"/"me" between them."""
    doc = entity.doc
    for modifier in entity._.modifiers:
        if modifier.category != "FAMILY":
            continue
        start, end = modifier.modifier_span
        if end <= entity.start:
            between = doc[end : entity.start]
        elif start >= entity.end:
            between = doc[entity.end : start]
        else:
            # named inside a long mention: "osteoporosis, I'm on the weekly tablet. I look
            # after my husband ... lifting" is the writer's, told before the relative
            between = doc[entity.start : start]
        if not any(token.lower_ in _FIRST_PERSON for token in between) and not _noticed_in_writer(
            between, entity
        ):
            return True
    return False


#: What a relative says or notices of the writer: "My daughter noticed my clothes are hanging
#: off me" is the writer's sign, told through the relative's eyes.
_PERCEIVES: FrozenSet[str] = frozenset(
    {"noticed", "notices", "noticing", "spotted", "saw", "sees", "says", "said", "thinks",
     "reckons", "mentioned", "pointed"}
)  # fmt: skip
_WRITER: FrozenSet[str] = frozenset({"i", "i'm", "im", "me", "my", "myself"})


def _noticed_in_writer(between: Span, entity: Span) -> bool:
    """The relative before the mention only notices or says it of the writer."""
    words = [token.lower_ for token in between]
    seen = [i for i, word in enumerate(words) if word in _PERCEIVES]
    if not seen:
        return False
    after = words[seen[0] + 1 :] + [token.lower_ for token in entity]
    return any(word in _WRITER for word in after)


#: A sentence about "she", "he" or "they" ("She's been doubly incontinent for years")...
_OPENS_WITH_PRONOUN = re.compile(r"^\W*(she|he|they)\b", re.IGNORECASE)
#: ... right after one that names the writer's relative ("I look after my mum who's 92").
_MY_RELATIVE = re.compile(rf"\b(?:my|our)\s+(?:{_RELATIVE_WORDS})\b", re.IGNORECASE)


#: A relative named earlier in the sentence, "my" or not ("Grandma's carer here").
_A_RELATIVE = re.compile(rf"\b(?:{_RELATIVE_WORDS})\b", re.IGNORECASE)
#: Where a clause starts inside a chat sentence: punctuation, a dash, an emoji.
_CHAT_CLAUSE_BREAK = re.compile(r"[.!?;:\u2013\u2014]|\s-\s|[^\w\s,'()-]")


def _pronoun_for_relative(entity: Span) -> bool:
    """The mention's sentence, or its clause, is about a relative named before it.

    "I look after my mum who's 92. She's doubly incontinent", "Grandma's carer here - not
    about her, about me 😅 she's got bladder incontinence"; not "Mum noticed - she says I've
    lost weight" (the writer is the subject again).
    """
    sentence = entity.sent
    if _OPENS_WITH_PRONOUN.match(sentence.text) and sentence.start > 0:
        previous = entity.doc[sentence.start - 1].sent
        if _MY_RELATIVE.search(previous.text):
            return True
    before = entity.doc.text[sentence.start_char : entity.start_char]
    clause = _CHAT_CLAUSE_BREAK.split(before)[-1]
    if not _OPENS_WITH_PRONOUN.match(clause) or clause == before:
        return False
    if any(word.lower() in _FIRST_PERSON for word in re.findall(r"[\w']+", clause)):
        return False
    return bool(_A_RELATIVE.search(before[: len(before) - len(clause)]))


#: "my husband who's been paraplegic since a car crash, no feeling from the waist down": what
#: follows a relative clause about the relative is the relative's.
_RELATIVE_WHO = re.compile(
    rf"\b(?:my|our)\s+(?:{_RELATIVE_WORDS})\s+(?:who|whose|that)\b", re.IGNORECASE
)


def _told_of_relative_before(entity: Span) -> bool:
    """The mention's sentence tells of a relative ("my son who ...") and no "I" comes after."""
    before = entity.doc.text[entity.sent.start_char : entity.start_char]
    told = list(_RELATIVE_WHO.finditer(before))
    if not told:
        return False
    after = re.findall(r"[\w']+", before[told[-1].end() :].lower())
    return not set(after) & _FIRST_PERSON


@lru_cache(maxsize=256)
def _says_over(sentence: str) -> bool:
    """Whether a sentence says its episode is over, unless it hedges ("fine now ish").

    Cached: every mention in a sentence asks it again, and `_OVER` is the costliest search here.
    """
    return bool(_OVER.search(sentence)) and not _HEDGED_OVER.search(sentence)


def _marks(entity: Span, writer_is_patient: bool) -> FrozenSet[str]:
    marks = set()
    if _animal_subject(entity):
        marks.add(ANIMAL)
    if (writer_is_patient and _stranger_subject(entity)) or _people_in_general(entity):
        marks.add(STRANGER)
    sentence = entity.sent.text
    over = bool(_says_over(sentence) or _PAST_EPISODE.search(sentence))
    # ConText marks what follows "my dad"; a model's span may start with the relative.
    # ("dad had cancer ..." after its "my": the span may start at the relative word itself)
    with_before = entity.doc[max(entity.start - 1, entity.sent.start) : entity.end].text
    family = (
        _relative_is_subject(entity)
        or bool(_OPENS_WITH_RELATIVE.match(entity.text) or _OPENS_WITH_RELATIVE.match(with_before))
        or _pronoun_for_relative(entity)
        or _told_of_relative_before(entity)
        or bool(_RELATIVE_HAD.search(entity.doc.text[entity.sent.start_char : entity.start_char]))
    )
    if _RELATIVES_RELATIVE.search(sentence) and _TOLD_AS_PAST.search(sentence):
        marks.update({FAMILY, PAST})  # the writer reports for one relative, about another
    elif (
        family
        and _NOT_MINE.search(entity.doc.text)
        and _TOLD_IN_PAST.search(_own_clause(entity))
        and not _NEW_SIGN.search(sentence)
    ):
        # "With dad it started with his legs going numb and he couldn't pee. I've got none of
        # that": the relative's own story, whose signs the writer says they do not have
        marks.update({FAMILY, PAST})
    elif (
        family
        and writer_is_patient
        and _NEW_SIGN.search(_own_clause(entity))
        and _RELATIVE_IN_PAIN.search(entity.doc.text)
    ):
        # "my gran has osteoporosis and fell off a chair this morning, her back is agony.
        # lifting her has given me back spasms": the relative's new sign is reported too
        pass
    elif family and (writer_is_patient or _DIED.search(sentence)):
        marks.add(FAMILY)
        # A carer's own back beside the relative's long-standing sign is not a report; but
        # "mum has Parkinson's and suddenly can't feel her legs" is a new sign now, which is
        # the emergency the carer is writing about.
        chronic = writer_is_patient and _CHRONIC_CAUSE.search(sentence)
        # (the writer's own "since Friday" in the sentence is not the relative's new sign)
        own_history = (_RELATIVES_OWN.search(sentence) or chronic) and not _NEW_SIGN.search(
            _own_clause(entity)
        )
        if _DIED.search(sentence) or own_history:
            marks.add(PAST)
    elif (
        family
        and (over or (_RELATIVES_OWN.search(sentence) and not _NOW.search(sentence)))
        and not _RELATIVE_IN_PAIN.search(entity.doc.text)
    ):
        # "my mom had breast cancer last year, she's fine now": the relative's own history,
        # told by a writer who says nothing of the relative's back.
        marks.update({FAMILY, PAST})
    elif family and not _BACK_OR_PAIN.search(entity.doc.text):
        # "My kids have had a fever all week, I'm run ragged": a relative's illness in a
        # message with no back, spasm or pain in it (`ILLNESS_FLAGS` only: a gran's fall
        # after her osteoporosis is the report a grandchild writes about).
        marks.add(UNRELATED)
    now = _now_in_own_clause(entity)
    if _says_over(sentence) and not _LASTING.search(entity.text) and not now:
        marks.add(HISTORICAL)
    if (
        _LONG_STANDING.search(sentence)
        and _UNCHANGED.search(sentence)
        and not _LASTING.search(entity.text)
        and not _NEW_SIGN.search(_own_clause(entity))
    ):
        marks.add(HISTORICAL)
    if _PAST_EPISODE.search(sentence) and not now:
        marks.add(PAST)
    if (
        _WRITER_DIABETIC.search(sentence)
        and _FEET.search(entity.text)
        and not _LEGS.search(entity.text)
        and not _NEW_SIGN.search(sentence)
    ):
        marks.add(HISTORICAL)
    if entity._.is_negated:
        marks.add(NEGATED)
    if entity._.is_hypothetical:
        marks.add(HYPOTHETICAL)
    return frozenset(marks)


def set_aside(
    flag_id: str, marks: FrozenSet[str], use: FrozenSet[str] = USED, urgency: str = ""
) -> bool:
    """Whether a mention with these modifiers is not the patient's current symptom.

    A relative's emergency sign is set aside only when it is in the past ("my wife had sciatica
    in both legs last year"): a writer who mentions their own back may still be telling of a
    relative's emergency now ("dad fell and can't feel his legs, I hurt my back lifting him").

    Args:
        flag_id: The flag.
        marks: The mention's modifiers (`modifiers`).
        use: Which modifiers count (the comparison script also tries ConText's negation).
        urgency: The flag's urgency (`emergency` needs a past episode to be set aside as a
            relative's).

    Returns:
        True when the mention should not be reported.
    """
    marks = marks & use
    if marks & {NEGATED, HYPOTHETICAL, ANIMAL, STRANGER}:
        return True
    if UNRELATED in marks and flag_id in ILLNESS_FLAGS:
        return True
    if FAMILY in marks:
        return urgency != EMERGENCY or bool(marks & {HISTORICAL, PAST})
    return HISTORICAL in marks and flag_id not in NEVER_HISTORICAL


class Experiencer:
    """Sets aside reported flags that are a relative's own or long over (see module docstring)."""

    def __init__(self, spacy_model: str) -> None:
        """Args: spacy_model: path of the project's spaCy pipeline (loaded on first use)."""
        self._spacy_model = spacy_model

    def keep(
        self,
        text: str,
        findings: Sequence[Finding],
        model_spans: Mapping[str, Sequence[int]],
    ) -> List[Finding]:
        """The findings that are the patient's current symptoms.

        Args:
            text: The message (as the engine read it).
            findings: Reported findings; rule findings carry their span, the model's do not.
            model_spans: Flag id -> (start, end) of the sentence the model weighs most.

        Returns:
            The findings kept, in order.
        """
        if not findings:
            return []
        spans = []
        for finding in findings:
            span: Tuple[int, int] = (finding.start, finding.end)
            if span == (0, 0):
                given = model_spans.get(finding.flag_id) or (0, len(text))
                span = (int(given[0]), int(given[1]))
            spans.append(span)
        marks = modifiers(text, spans, self._spacy_model)
        return [
            finding
            for finding, mark in zip(findings, marks, strict=True)
            if not set_aside(finding.flag_id, mark, urgency=finding.urgency)
        ]

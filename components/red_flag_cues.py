"""Words and spaCy Matcher patterns the scope analysis (`red_flag_scope`) looks for.

Linguistic, not clinical: negation cues and pseudo-negations (NegEx style), hypothetical,
question, reported-speech and speculation cues, clause boundaries and anchors (words that tie a
statement to the patient). The clinical vocabulary lives in knowledge/red_flags.yml.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List


def _norms(*words: str) -> Dict[str, Any]:
    return {"NORM": {"IN": list(words)}}


def _lowers(*words: str) -> Dict[str, Any]:
    return {"LOWER": {"IN": list(words)}}


#: A hedge or intensifier between "not" and an improvement ("not really easing", "not even
#: helping"), optional.
_HEDGE: Dict[str, Any] = {
    "LOWER": {"IN": ["really", "even", "yet", "properly", "fully", "much", "actually", "exactly"]},
    "OP": "?",
}


SENTENCE_END_CHARS = set(".!?;\u2026")
#: "+" too: texters list symptoms with it ("back spasm + cant poo + cant tell if ive finished").
CLAUSE_PUNCT = {",", ":", "(", ")", "-", "--", "[", "]", '"', "*", "|", "+"}
CLAUSE_CONJ = {
    "but", "however", "although", "though", "whereas", "except", "whilst", "while",
    "because", "cos", "coz", "cuz", "otherwise", "anyway",
}  # fmt: skip
#: Spoken or misspelled "because": a clause break only before "I" ("my mate reckons its sciatica
#: cause ive got tingling down my leg"), as "cause" is a verb and a noun too.
CASUAL_BECAUSE = {"cause", "bc", "bcos", "bcoz", "becuase", "becasue", "becouse"}
#: Unpunctuated, "just" or "only" before a subject starts what the patient does have ("no fever
#: just my bum feels numb"): the denial before it does not reach over.
CONTRAST_ADVERBS = {"just", "only"}
CONDITIONAL_CONJ = {"and", "or", "so", "then", "plus", "also", "now", "yet", "&"}
#: "until" before a subject and a past verb starts what did happen: "didn't even realise till I
#: felt wet" denies the noticing, not the wetness ("not until it gets worse" stays in the clause).
UNTIL_WORDS = {"until", "till", "til", "untill", "'til", "'till"}
PAST_VERBS = {
    "felt", "saw", "got", "went", "had", "was", "were", "woke", "found", "stood", "sat", "came",
    "tried", "noticed", "realised", "realized", "looked", "checked", "wiped", "touched",
}  # fmt: skip
#: After "and"/"so" ..., these start a new clause too ("I can't pee and have no feeling").
VERB_START = {
    "have", "has", "had", "can", "ca", "cannot", "could", "feel", "feels", "felt", "keep",
    "keeps", "kept", "get", "gets", "got", "am", "is", "are", "was", "were", "still", "now",
    "also", "then", "started", "been",
}  # fmt: skip
#: "should I go to A&E with ...": asking what to do about one's own state, not hypothetically.
CARE_VERBS = {
    "go", "call", "ring", "phone", "see", "visit", "contact", "head", "get", "come", "book",
}  # fmt: skip
SUBJECT_START = {
    "i", "my", "it", "its", "he", "she", "his", "her", "they", "their", "we", "our", "the",
    "this", "that", "there", "now", "then", "also", "me", "everything", "today", "yesterday",
    "last", "since", "suddenly", "both", "a", "an", "just", "still",
}  # fmt: skip
ANCHOR_WORDS = {
    "i", "me", "my", "myself", "mine", "we", "us", "our", "ours", "ourselves", "he", "him",
    "his", "himself", "she", "her", "herself", "since", "today", "tonight", "yesterday",
    "currently", "suddenly", "recently", "ago", "keeps", "keep", "kept", "started", "starting",
    "began", "meself",
}  # fmt: skip
INVERTED_PRONOUNS = {"i", "we", "you"}
INVERTING_AUX = {
    "do", "does", "did", "should", "can", "could", "will", "would", "might", "may", "must",
    "shall", "have", "has", "am",
}  # fmt: skip
WH = {"what", "which", "how", "why", "where", "who", "whose", "when"}
AUX_QUESTION = {
    "is", "are", "am", "was", "were", "do", "does", "did", "should", "shall", "must", "can",
    "could", "will", "would", "might", "may", "has", "have",
}  # fmt: skip
MODAL_POSSIBILITY = {"can", "could", "will", "would", "might", "may"}
QUESTION_SUBJECTS = {
    "i", "you", "he", "she", "it", "we", "they", "my", "your", "his", "her", "their", "the",
    "a", "an", "this", "that", "these", "those", "back", "spasm", "spasms", "muscle",
    "muscles", "numbness", "tingling", "sciatica", "someone", "somebody", "anyone", "anybody",
    "people", "stress", "sitting", "lifting", "there", "cancer", "osteoporosis", "steroids",
    "one", "bad", "too", "lower", "upper",
}  # fmt: skip
#: "if anything", "if so", "if possible": an aside, not a condition on what follows.
NOT_CONDITIONAL_AFTER_IF = {"anything", "so", "possible", "needed", "necessary"}
NOT_CONDITIONAL_BEFORE_IF = {
    "know", "tell", "sure", "wonder", "wondering", "wondered", "idea", "ask", "asking", "check",
    "checking", "see", "unsure", "notice", "noticed", "even", "as", "like", "whether", "clue",
    "certain", "knows", "asked", "telling", "understand",
}  # fmt: skip
#: Verbs after which "like if" is "as if" ("it feels like if my legs are not mine"); elsewhere
#: "like if" gives an example ("like if i lost bladder control, is that serious?").
AS_IF_VERBS = {
    "feel", "feels", "felt", "feeling", "look", "looks", "looked", "seem", "seems", "seemed",
    "sound", "sounds", "is", "was", "its", "it's",
}  # fmt: skip
IF_SUBJECT_PRONOUNS = {"i", "he", "she", "we", "they"}
POSSESSIVES = {"my", "his", "her", "their", "our"}
OBJECT_CONTEXT = {
    "in", "of", "on", "to", "from", "down", "into", "with", "at", "for", "about", "around",
    "under", "over", "through", "lose", "losing", "lost", "feel", "feeling", "control",
    "move", "moving", "use", "wet", "lift", "bend", "hurt", "injure", "damage", "break",
    "and", "or", "that", "when", "if", "whether", "as", "empty", "wipe", "than", "below",
    "above", "between", "behind", "up", "off", "out", "by",
}  # fmt: skip
ANSWER_NEGATIONS = {"no", "none", "nope", "nil", "nah", "n/a", "never"}
#: How a "no" to the bot's confirming question starts ("no weight same", "nope", "not really").
ANSWER_DENIAL = re.compile(
    r"^\W*(no|nope|nah|not really|not at all|never|i don'?t think so)\b", re.I
)
#: How a "yes" to the bot's confirming question starts ("yes", "yeah a bit", "i have actually").
ANSWER_AFFIRMATION = re.compile(
    r"^\W*(yes|yeah|yea|yep|yup|ya|yh|aye|sure|correct|right|definitely|sadly|afraid so|"
    r"i (think|guess) so|i (have|do|am|did)|it (is|does|has|did)|they (are|do|have))\b",
    re.I,
)
OR_WORDS = {"or", "nor"}
#: Asking why the advice was given ("why tho? whats jelly legs got to do with my back"): after
#: the emergency advice, the same flag asked about this way is a doubt, not a new report.
WHY_ASKED = re.compile(
    r"\bwhy\b|\bhow come\b|\b(got|have|has) to do with\b|\bwhat does (that|it|this) mean\b",
    re.I,
)
#: A patient putting right what they wrote before ("sorry no I typed that wrong, it's only my
#: LEFT leg"): what this message reports replaces the earlier turns, not adds to them. Both a
#: word of correcting and one that narrows ("only", "not"): "sorry I mean, my left leg is numb
#: too" adds a sign.
CORRECTION = re.compile(
    r"\b(typed (that|it|this) wrong|mis-?typed|(was|it'?s) a typo|i meant\b|"
    r"sorry,? (no,? )?i mean\b|my (mistake|bad)\b|got (that|it) wrong|i misspoke|"
    r"correction\b|not both\b|i wrote (that|it) wrong|wrong(ly)? (wrote|said|typed))",
    re.I,
)
#: An all-clear after a worrying message ("Woke up soaking wet" ... "panic over, the hot water
#: bottle leaked"): the model reading the two turns together adds no flag.
ALL_CLEAR = re.compile(
    r"\b(panic over|false alarm|phew|turn(s|ed) out (it was|it'?s|its|to be) (just |only )?"
    r"(nothing|fine|the|a|my)|never ?mind|all good now|nothing to worry about|"
    # "the wet myself thing was just a figure of speech haha, waterworks all fine"
    r"figure of speech|(only|just|was) joking|not literally|"
    r"(waterworks|bladder|peeing|weeing) (is |are )?(all )?(fine|ok|okay|normal))\b",
    re.I,
)
NARROWING = re.compile(r"\b(only|just|not|one|actually|isn'?t|aren'?t|wasn'?t|don'?t)\b", re.I)


WORRY = _lowers(
    "worried", "worry", "worrying", "worries", "scared", "afraid", "frightened", "terrified",
    "concerned", "fear", "fearing", "feared", "anxious", "nervous", "paranoid", "panicking",
    "panicked", "petrified", "dreading", "dread",
)  # fmt: skip
GERUNDS = _lowers(
    "losing", "getting", "having", "going", "developing", "ending", "becoming", "needing",
    "being", "wetting", "breaking", "injuring", "damaging", "doing",
)  # fmt: skip

#: Cue patterns by label. Compiled once per analyser.
CUE_PATTERNS: Dict[str, List[List[Dict[str, Any]]]] = {
    "NEG": [
        [_norms("no", "not", "never", "none", "nothing", "without", "nor", "neither", "zero")],
        [_lowers("denies", "deny", "denied", "nope", "nil", "nah")],
        # English mixed with the writer's own language: "Kein Fieber, no numbness", "geen koorts"
        [_lowers("kein", "keine", "keinen", "geen", "sin", "ningun", "ninguna", "yok")],
        [{"LOWER": "free"}, {"LOWER": "of"}],
        [{"LOWER": "absence"}, {"LOWER": "of"}],
        [{"LOWER": {"IN": ["no", "not"]}}, {"LOWER": "any"}],
        [_lowers("ruled", "rule", "ruling", "excluded", "exclude"), {"LOWER": "out", "OP": "?"}],
    ],
    "PSEUDO": [
        [{"NORM": "not"}, _lowers("sure", "only", "just", "certain", "long", "once", "much")],
        # "feels like it's not my bum", "doesn't feel like mine": a lost feeling, told as a
        # likeness (red-flags.md: "my bum feels numb").
        [
            _lowers("like", "if"),
            _lowers("it", "its", "they", "theyre"),
            {"LOWER": {"IN": ["'s", "s", "is", "are", "'re", "re", "was"]}, "OP": "?"},
            {"NORM": "not"},
            _lowers("my", "mine", "part", "attached", "there", "real"),
        ],
        [{"NORM": "not"}, {"LEMMA": "feel"}, {"LOWER": "like"}, _lowers("mine", "my", "part")],
        # "not gonna lie", "not going to lie": frankness, not a negation.
        [{"NORM": "not"}, _lowers("gonna", "gon", "going"), _lowers("na", "to"), _lowers("lie")],
        [{"NORM": "no"}, _lowers("idea", "doubt", "clue", "matter", "reason", "better", "relief")],
        # a lost feeling told as a likeness: "it felt like I had no backside at all"
        [
            _lowers("like", "if", "though"),
            _lowers("i", "id", "he", "she", "there", "theres", "you"),
            {"LOWER": {"IN": ["had", "have", "has", "was", "is", "'d", "d", "'s", "s"]}, "OP": "?"},
            {"NORM": "no"},
            _lowers("backside", "bum", "bottom", "arse", "ass", "butt", "behind", "seat", "legs"),
        ],
        # minimising, not denying: "slipped off the chair, not a big fall": it happened, small
        [
            {"NORM": "not"},
            {"LOWER": {"IN": ["a", "really", "that", "such", "very", "too"]}, "OP": "*"},
            _lowers("big", "bad", "serious", "hard", "huge", "major", "proper", "real", "high"),
            _lowers("fall", "one", "drop", "tumble", "bump", "knock"),
        ],
        [{"NORM": "not"}, {"LEMMA": {"IN": ["know", "understand", "care", "mind", "remember"]}}],
        # "not complaining about losing weight haha": it is so, and welcome.
        [{"NORM": "not"}, _lowers("complaining", "moaning"), _lowers("about")],
        # "he didn't realise he'd wet the bed": the event happened, unnoticed.
        [
            {"NORM": "not"},
            {"LEMMA": {"IN": ["realise", "realize", "notice"]}},
            _lowers("he", "she", "i", "they", "that", "until", "till"),
        ],
        # "not (really) easing": the spasm goes on; a hedge between does not change that.
        [
            {"NORM": "not"},
            _HEDGE,
            {"LEMMA": {"IN": ["stop", "ease", "help", "improve", "work", "settle"]}},
        ],
        [
            {"NORM": "not"},
            _HEDGE,
            {"LOWER": {"IN": ["stopping", "easing", "helping", "improving"]}},
        ],
        [
            {"NORM": "not"},
            _HEDGE,
            {"LOWER": {"IN": ["working", "settling", "shifting", "budging"]}},
        ],
        [
            {"NORM": "not"},
            _HEDGE,
            {"LOWER": {"IN": ["go", "going", "gone", "went", "goes"]}},
            {"LOWER": "away"},
        ],
        [
            {"NORM": "not"},
            _HEDGE,
            {"LEMMA": {"IN": ["get", "getting", "got"]}},
            {"LOWER": "any", "OP": "?"},
            {"LOWER": "better"},
        ],
        [{"NORM": "not"}, {"LOWER": {"IN": ["normal", "right", "good", "ok", "okay", "great"]}}],
        [
            {"NORM": "nothing"},
            {"LEMMA": {"IN": ["help", "work", "ease", "seem", "touch", "shift"]}},
        ],
        [{"NORM": "nothing"}, {"LOWER": {"IN": ["helps", "works", "eases", "else", "seems"]}}],
        # minimising, not denying: "probably nothing and I'm just paranoid because of my history"
        [
            _lowers("probably", "prob", "probs", "likely", "maybe", "hopefully", "prolly"),
            {"NORM": "nothing"},
        ],
        [
            {"NORM": "nothing"},
            {"LOWER": {"IN": ["is", "has", "i"]}},
            {"LOWER": {"IN": ["helping", "helped", "working", "worked", "do", "try", "tried"]}},
        ],
        [{"NORM": "no"}, {"LOWER": {"IN": ["one", "time", "way", "sooner"]}}],
        [{"LOWER": "or"}, {"NORM": "not"}],
        [
            {"NORM": "without"},
            _lowers(
                "my",
                "me",
                "it",
                "them",
                "him",
                "her",
                "warning",
                "noticing",
                "realising",
                "realizing",
                "trying",
                "dieting",
                "reason",
            ),
        ],
        [{"NORM": "not"}, {"LOWER": {"IN": ["sleep", "sleeping", "slept"]}}],
        [{"NORM": "no"}, {"LOWER": "longer"}, {"LOWER": "able"}],
        # "can't stand it", "can't cope": how bad it is, not a denial.
        [
            {"NORM": "not"},
            _lowers("stand", "bear", "take", "handle", "stick"),
            _lowers("it", "this", "the", "much", "any"),
        ],
        [{"NORM": "not"}, _lowers("cope", "coping")],
    ],  # fmt: skip
    "POSTNEG": [
        [
            {"LEMMA": "be"},
            {
                "LOWER": {"IN": ["all", "totally", "completely", "perfectly", "absolutely"]},
                "OP": "?",
            },
            _lowers("fine", "normal", "ok", "okay", "unaffected", "alright", "intact", "good"),
        ],
        # "legs are both fine"
        [
            {"LEMMA": "be"},
            {"LOWER": "both"},
            _lowers("fine", "normal", "ok", "okay", "unaffected", "alright", "good"),
        ],
        [{"NORM": "not"}, _lowers("affected", "involved", "present")],
        # "pee and poo all normal", "legs both fine" (no verb)
        [
            _lowers("all", "totally", "completely", "perfectly", "both"),
            _lowers("normal", "fine", "ok", "okay", "good"),
        ],
        [_lowers("none", "nope", "nil", "absent")],
        # a checklist's answer: "- cancer: never had it"
        [{"LOWER": "never"}, _lowers("had", "have", "has"), _lowers("it", "one", "that", "any")],
        [{"LOWER": "ruled"}, {"LOWER": "out"}],
        [{"NORM": "no"}, _lowers("problem", "problems", "issue", "issues", "change", "changes")],
    ],
    # "numbness in the saddle area so I know to check - there's none": reaches back further,
    # within its sentence.
    "POSTNEG_FAR": [
        [_lowers("there", "theres", "there's"), _lowers("is", "'s", "was"), _lowers("none")],
        # a question answered at its end: "the doctor asked whether I had any numbness in the
        # saddle area and I don't, nor ...", never "... and I don't know what to do"
        [
            _lowers("and", "but", "which"),
            {"LOWER": "i"},
            {"NORM": "do"},
            {"NORM": "not"},
            {"IS_PUNCT": True, "LOWER": {"NOT_IN": ["'", "-"]}},
        ],
        [_lowers("theres", "there's"), _lowers("none")],
        # A checklist answered after it: "... numbness or leaking? I have neither of them",
        # "none of the above", "no to both", "those don't apply to me".
        [
            _lowers("neither", "none"),
            {"LOWER": "of"},
            _lowers("those", "these", "them", "that", "this", "which", "it"),
        ],
        [_lowers("neither", "none"), {"LOWER": "of"}, {"LOWER": "the"}, {"LOWER": "above"}],
        [{"LEMMA": {"IN": ["have", "get"]}}, {"LOWER": "neither"}],
        [{"NORM": "no"}, {"LOWER": "to"}, _lowers("both", "any", "either")],
        [{"NORM": "not"}, {"LEMMA": "apply"}],
        # long over: "some trouble peeing after the birth, all fine ever since"
        [_lowers("fine", "ok", "okay", "normal", "good"), {"LOWER": "ever"}, {"LOWER": "since"}],
        [_lowers("fine", "ok", "okay", "normal", "good"), {"LOWER": "since"}, {"LOWER": "then"}],
    ],
    # A checklist answered for all of it, after it: "went through the questions - peeing, numb
    # anywhere, weak legs, weight loss - and it was no to every one". Reaches its whole sentence.
    # Not "no to all the other stuff", "no to everything else".
    "POSTNEG_ALL": [
        [
            {"NORM": "no"},
            {"LOWER": "to"},
            _lowers("each", "every"),
            _lowers("one", "single", "question"),
        ],
        [
            {"NORM": "no"},
            {"LOWER": "to"},
            {"LOWER": "all"},
            {"LOWER": "of"},
            _lowers("them", "those", "these", "it", "that"),
        ],
        [{"NORM": "no"}, {"LOWER": "to"}, {"LOWER": "everything"}, {"IS_PUNCT": True}],
    ],
    # Suppose a sentence only as its first words: "Say my sciatica moved to both legs, what
    # then?", not "they say my legs are numb".
    "HYP_OPENING": [
        [
            {"LOWER": "say"},
            _lowers("i", "my", "he", "she", "his", "her", "we", "you", "someone", "it", "the"),
        ],
    ],
    "HYP_SENTENCE": [
        [{"LOWER": "what"}, {"LOWER": {"IN": ["if", "about"]}}],
        # fiction, homework, a question in general: "I'm writing a novel and my character ..."
        [
            {"LEMMA": "write"},
            _lowers("a", "an", "my"),
            _lowers("novel", "story", "book", "essay", "script", "screenplay", "play", "article"),
        ],
        [_lowers("my", "the", "a"), _lowers("character", "characters", "protagonist")],
        [{"LOWER": "in"}, {"LOWER": "general"}],
        [{"LOWER": "generally"}, {"LOWER": "speaking"}],
        # "in case it gets worse", not "in case it matters, we got hit by a van on wednesday"
        [
            {"LOWER": "in"},
            {"LOWER": "case"},
            {"LOWER": {"NOT_IN": ["it", "that", "this", "you", "u"]}},
        ],
        [
            {"LOWER": "in"},
            {"LOWER": "case"},
            _lowers("it", "that", "this"),
            {"LOWER": {"NOT_IN": ["matters", "matter", "helps", "help", "counts", "'s", "is"]}},
        ],
        [
            {"LOWER": "in"},
            {"LOWER": "case"},
            _lowers("it", "that", "this"),
            _lowers("'s", "is"),
            {"LOWER": {"NOT_IN": ["relevant", "important", "useful", "needed", "significant"]}},
        ],
        [
            {"LOWER": "in"},
            {"LOWER": "case"},
            _lowers("you", "u"),
            {
                "LOWER": {
                    "NOT_IN": ["need", "want", "wondered", "were", "wondering", "ask", "asked"]
                }
            },
        ],
        [
            _lowers(
                "suppose", "supposing", "imagine", "hypothetically", "theoretically", "hypothetical"
            )
        ],
        [{"LOWER": "what"}, {"LEMMA": "happen"}, _lowers("if", "when")],
        [{"LOWER": "what"}, {"LOWER": {"IN": ["would", "will", "could"]}}, {"LEMMA": "happen"}],
        [{"LOWER": "is"}, {"LOWER": "it"}, {"LOWER": "possible"}],
        [
            {"LOWER": "how"},
            _norms("do", "would", "will", "can", "could", "should", "does"),
            _lowers("i", "you", "one", "we"),
            _lowers("know", "tell", "recognise", "recognize", "spot"),
        ],
        [
            {"LOWER": "when"},
            _norms(
                "should", "do", "does", "to", "would", "must", "is", "are", "can", "shall", "might"
            ),
        ],
        [_lowers("let's", "lets"), {"LOWER": "say"}],
        # spaCy splits "let's": "let", "'s"
        [{"LOWER": "let"}, _lowers("'s", "us"), {"LOWER": "say"}],
        [{"LOWER": "in"}, {"LOWER": "the"}, {"LOWER": "event"}],
        [{"LOWER": "god"}, {"LOWER": "forbid"}],
        # "at what point is ... something to worry about"
        [{"LOWER": "at"}, {"LOWER": "what"}, _lowers("point", "stage")],
        [_lowers("unless")],
    ],  # fmt: skip
    "META": [
        [_lowers("warning", "danger", "alarm", "redflag", "redflags")],
        [_lowers("sign", "signs", "symptom", "symptoms", "flags", "flag")],
        [
            _lowers("look", "watch", "lookout", "check"),
            {"LOWER": "out", "OP": "?"},
            {"LOWER": "for"},
        ],
        [{"LOWER": "be"}, {"LOWER": "aware"}],
        [{"LOWER": "keep"}, {"LOWER": "an"}, {"LOWER": "eye"}],
        [_lowers("mean", "means", "meaning", "indicate", "indicates", "suggest", "suggests")],
        # "what's the difference between sciatica and a spasm?": terms compared, not a report
        [{"LOWER": "difference"}, _lowers("between", "btw", "betwen")],
        [_lowers("checklist", "list", "examples", "example", "article", "leaflet")],
        # "numbness in the saddle area with back pain, is that a reason to go to a&e?"
        [
            {"LOWER": "reason"},
            {"LOWER": "to"},
            _lowers("go", "call", "ring", "see", "worry", "panic"),
        ],
        # the advice said back: "got it, same day for fever. thanks, bye"
        [{"LOWER": "same"}, {"LOWER": "-", "OP": "?"}, {"LOWER": "day"}, {"LOWER": "for"}],
        [{"LOWER": "same-day"}, {"LOWER": "for"}],
        # "my GP asked me last year about numbness"
        [
            {"LEMMA": "ask"},
            _lowers("me", "him", "her", "us"),
            {"OP": "?"},
            {"OP": "?"},
            {"LOWER": "about"},
        ],
    ],  # fmt: skip
    "GENERIC": [
        [_lowers("you", "your", "yourself", "youre", "you're", "ya", "u", "ur")],
        [
            _lowers(
                "someone",
                "somebody",
                "anyone",
                "anybody",
                "people",
                "patients",
                "everyone",
                "folks",
                "person",
                "one's",
                "ppl",
                "others",
            )
        ],
    ],  # fmt: skip
    "GENERIC_MODAL": [
        [
            _norms("can", "could", "may", "might", "will", "would", "does", "do"),
            _lowers(
                "be",
                "cause",
                "causes",
                "make",
                "lead",
                "give",
                "trigger",
                "mean",
                "become",
                "happen",
                "result",
                "affect",
                "bring",
                "produce",
                "signal",
                "indicate",
            ),
        ],
        # "can chemo cause ...", "does stress make ...": a cause asked about in general
        [
            _norms("can", "could", "does", "do"),
            {
                "IS_ALPHA": True,
                "LOWER": {
                    "NOT_IN": [
                        "i",
                        "you",
                        "u",
                        "he",
                        "she",
                        "we",
                        "they",
                        "my",
                        "it",
                        "this",
                        "that",
                    ]
                },
            },
            _lowers("cause", "causes", "make", "trigger", "give", "lead"),
        ],
    ],  # fmt: skip
    "REPORTED": [
        [
            _lowers(
                "course",
                "leaflet",
                "article",
                "website",
                "book",
                "poster",
                "video",
                "list",
                "lecture",
                "class",
                "training",
                "programme",
                "program",
                "documentary",
            ),
            _lowers("said", "says", "mentioned", "mentions", "claims", "claimed", "warned"),
        ],
        [
            {"LOWER": "i"},
            {"NORM": {"IN": ["have", "'ve", "had"]}, "OP": "?"},
            _lowers("read", "learned", "learnt"),
        ],
        [
            {"LOWER": "i"},
            {"NORM": {"IN": ["have", "'ve", "had"]}, "OP": "?"},
            {"LOWER": "heard"},
            _lowers("that", "about", "online", "somewhere", "people", "it", "on", "from", "of"),
        ],
        [
            {"LOWER": "i"},
            {"LEMMA": "be"},
            _lowers("reading", "told", "warned", "advised", "googling"),
        ],
        # "ended up reading about cauda equina, spinal tumours, the works"
        [_lowers("reading", "googling", "researching", "googled"), _lowers("about", "up")],
        [
            {"LOWER": "i"},
            {"NORM": "have"},
            {"LOWER": "been"},
            _lowers("told", "warned", "advised", "reading"),
        ],
        [
            _lowers("my", "a", "the"),
            _lowers(
                "friend",
                "friends",
                "mate",
                "colleague",
                "neighbour",
                "neighbor",
                "cousin",
                "article",
                "website",
                "leaflet",
                "nhs",
                "internet",
                "book",
                "video",
            ),
        ],
        [
            _lowers(
                "friend",
                "friends",
                "mate",
                "colleague",
                "neighbour",
                "neighbor",
                "article",
                "website",
                "google",
                "internet",
                "online",
                "leaflet",
                "video",
            )
        ],
        [_lowers("it", "they", "doctors", "google"), _lowers("says", "say", "said")],
        [_lowers("someone", "somebody"), {"LOWER": "i"}, {"LOWER": "know"}],
        [
            _lowers("told", "advised", "warned", "asked", "tells", "advises"),
            _lowers("me", "us", "him", "her", "them"),
            _lowers("to", "that", "about"),
        ],
        [
            _lowers("look", "watch", "looking", "watching", "lookout"),
            {"LOWER": "out", "OP": "?"},
            _lowers("for"),
        ],
        [{"LOWER": "be"}, _lowers("aware", "alert", "careful", "wary")],
    ],  # fmt: skip
    "WORRY_SPEC": [
        [WORRY, _lowers("about", "of"), GERUNDS],
        [
            WORRY,
            {"LOWER": {"IN": ["is", "was"]}, "OP": "?"},
            {"LOWER": "that", "OP": "?"},
            _lowers("it", "this", "that", "i"),
            _norms("could", "might", "may", "will", "'ll", "would", "ll", "'d"),
        ],
        [
            WORRY,
            _lowers("about", "of"),
            _lowers("cancer", "cauda", "tumour", "tumor", "paralysis", "infection", "fracture"),
        ],
        [
            _lowers("think", "thinking", "wonder", "wondering", "guess", "suspect"),
            {"LOWER": {"IN": ["that", "if", "whether"]}, "OP": "?"},
            _lowers("it", "this", "that"),
            _norms("could", "might", "may"),
        ],
        [_lowers("could", "might", "can"), _lowers("it", "this", "that"), _lowers("be", "mean")],
    ],  # fmt: skip
    "FUTURE": [
        [
            _lowers("going", "gon"),
            _lowers("to", "na"),
            _lowers("lose", "get", "develop", "end", "become", "be", "need", "have"),
        ],
        [
            _norms("will", "'ll", "ll"),
            _lowers("lose", "get", "develop", "end", "become", "wet", "soil", "pee"),
        ],
        [_lowers("i"), _lowers("might", "may"), {"LOWER": {"NOT_IN": ["have", "be"]}}],
        [
            _lowers(
                "risk",
                "risks",
                "chance",
                "chances",
                "likely",
                "likelihood",
                "possible",
                "possibility",
                "prevent",
                "avoid",
                "avoiding",
                "preventing",
            )
        ],
    ],  # fmt: skip
    "ANCHOR": [
        [
            _lowers("this", "last"),
            _lowers("morning", "night", "evening", "afternoon", "week", "weekend"),
        ],
        [{"LOWER": "right"}, {"LOWER": "now"}],
        [{"LOWER": "at"}, {"LOWER": "the"}, {"LOWER": "moment"}],
        [_lowers("all"), _lowers("day", "night", "week", "morning")],
        [{"LOWER": "for"}, {"LIKE_NUM": True}, {"LEMMA": {"IN": ["day", "week", "hour", "month"]}}],
    ],
}
#: Words a spoken-style question may open with before its question word ("like would I get
#: numbness?", "so could it be a disc?").
OPENING_FILLERS = {
    "like", "so", "and", "but", "ok", "okay", "um", "umm", "hmm", "also", "oh", "well",
}  # fmt: skip

"""How to reach the clinic: "what's the clinic number?", "how do I book?".

The NLU has no intent for these (they read as FAQ questions or as unsure), so the FAQ answer and
the fallback check the words first and go on to the call-back offer, `utter_offer_callback`,
which names the clinic's phone number and booking page from the configuration (CLINIC_PHONE,
CLINIC_BOOKING_URL); its "yes" starts the call-back form as usual. "What is phone number of
clinic" can read as a question about the patient's data (`ask_data_use`): the small-talk guard
(components/small_talk_guard.py) sends it to the FAQ action too. Shared by the NLU pipeline and
the action server, so it lives here.
"""

from __future__ import annotations

import re

#: Asks for the clinic's own number or booking page.
_ASKS_CONTACT = re.compile(
    r"\b(clinic|surgery|practice|your|ur)('?s)?\s+(phone\s+|contact\s+|telephone\s+)?"
    r"(number|no\.?|phone|contact|details|website|web ?site|booking)\b"
    r"|\b(number|phone|contact details|website)\s+(for|of)\s+(the\s+)?(clinic|surgery|you)\b"
    r"|\bhow\s+(do|can|would)\s+i\s+(book|contact|call|ring|phone|reach|see)\s+"
    r"((in\s+)?with\s+)?(an? appointment|the clinic|you|them|a doctor|someone|one of)\b"
    r"|\b(book|make|get|arrange)\s+(me\s+)?(in\b|something|an?\s+(appointment|appt|session|"
    r"slot|consultation|physio|check-?up))"
    # "i want make apointment for tomorow", "how i book it??"
    r"|\b(book|make|get|arrange)\s+(me\s+)?(an?\s+)?(ap+oi?nt?ments?|apointment|appt)\b"
    # "I want an appointment with a doctor", "need to see a doctor, can I?"
    r"|\b(want|need|like|wanna)\s+(to\s+(book|make|get|have)\s+)?(an?\s+)?"
    r"(ap+oi?nt?ments?|apointment|appt)\b"
    r"|\bhow\s+(do\s+|can\s+|could\s+|should\s+)?(i|we)\s+(book|make)\s+(it|one|that|this)\b"
    r"|\b(talk|speak|chat)\s+(to|with)\s+(one\s+of\s+)?(a\s+|an\s+|the\s+|your\s+|ur\s+)?"
    r"(real\s+|actual\s+)?(doctor|gp|nurse|physio|physiotherapist|human|person|someone|"
    r"somebody)s?\b"
    r"|\bdoes\s+(your|the)\s+clinic\s+(do|offer|have)\b"
    # "how long is the wait for an appointment at your clinic?"
    r"|\b(wait|waiting time|waiting list)\s+(for|to get)\s+(an?\s+)?(appointment|appt|slot)\b"
    # "do you do walk ins?", "can I just walk in?"
    r"|\bwalk[- ]?ins?\b|\b(can|could)\s+i\s+just\s+walk\s+in\b"
    # "is it possible to see someone at your clinic", "can I come in and see a physio"
    r"|\b(see|visit)\s+(someone|somebody|anyone|a\s+doctor|a\s+physio|a\s+specialist|you)\s+"
    r"(at|in|from)\s+(your|the|ur)\s+(clinic|surgery|practice)\b"
    r"|\b(possible|can\s+i|could\s+i|may\s+i)\s+(to\s+)?(come\s+in\s+(and|to)\s+)?(see|visit)\s+"
    r"(someone|somebody|a\s+doctor|a\s+physio|you)\b"
    # "what was the number again?", "whats the phone no": the clinic's (after emergency advice
    # the after-escalation answers give the emergency number instead)
    r"|\b(what|wat|wots?|whats)('?s|\s+is|\s+was)?\s+(the|that|your|ur)\s+(phone\s+|tele?phone\s+)?"
    r"(number|no\.?|nr)\b(?!\s+of\b)(?!\s+(for|to)\s+(an?\s+)?(ambulance|emergenc))"
    # "whats ur opening hours": the clinic's phone and booking page say (the bot cannot)
    r"|\b(opening|office|clinic|surgery)\s+(hours|times)\b"
    # "is there parking?", "where are you based?", "what's your address?"
    r"|\b(is\s+there|any|where'?s|where\s+is|where\s+do\s+i)\s+(the\s+)?(parking|car\s*park)\b"
    # "whether the clinic has parking for the disabled", "disabled access?"
    r"|\b(has|have|got|offer|offers)\s+(any\s+|a\s+|disabled\s+|blue\s+badge\s+)?(parking|car\s*park)\b"
    r"|\b(disabled|wheelchair|step-?free)\s+(access|parking|entrance|toilet)\b"
    r"|\bwhere\s+(are|r)\s+(you|u)\s+(based|located)\b|\b(your|ur|the\s+clinic'?s)\s+address\b"
    r"|\bwhat\s+time\s+(do|does)\s+(you|u|the\s+clinic)\s+(open|close)\b"
    # "What time clinic is open tomorrow?"
    r"|\b(what\s+time|when)\s+(is\s+|does\s+)?(the\s+|your\s+)?clinic\s+(is\s+)?"
    r"(open|opens|close|closes)\b"
    r"|\bwhen\s+(are|r)\s+(you|u)\s+open\b"
    # "is the clinic open on eid", "are you open on bank holidays"
    r"|\b(is|are)\s+(the\s+|your\s+|ur\s+)?(clinic|surgery|practice|you|u)\s+(open|closed|shut)\b"
    # "could somebody at the clinic arrange that", "could you book me in for that"
    r"|\b(can|could|would)\s+(someone|somebody|you|u|the\s+clinic|your\s+clinic)\s+"
    r"((from|at|in)\s+(the|your|ur)\s+(clinic|surgery|practice)\s+)?(please\s+|pls\s+)?"
    r"(set\s+(that|it|this|one)\s+up|arrange\s+(that|it|this|one)|book\s+(me|that|it|this)|"
    r"sort\s+(that|it|this)\s+out)\b",
    re.I,
)


#: Asks for someone to call ("is possible somebody from clinic call me?").
_ASKS_A_CALL = re.compile(
    r"\b(somebody|someone|anybody|anyone|doctor|nurse|physio|gp|clinic|you)"
    r"(\s+from\s+(the\s+|your\s+)?(clinic|surgery|practice))?"
    r"\s+(can\s+|could\s+|to\s+|please\s+|pls\s+)?(call|ring|phone|telephone)\s+(me|back)\b",
    re.I,
)
#: Words before such a phrase that make it a question about a call already arranged ("when
#: will the doctor call me?", "can't I just wait for the physio to call back") rather than a
#: request.
_ABOUT_A_CALL = re.compile(
    r"\b(will|when|did|has|have|does|why|what time|wait|waiting)\b[^.?!]*$", re.I
)


#: Words before "book something" that make it the patient's own plan ("ok fine i'll book
#: something. what stretches till then?"), not a question about how to book.
_WILL_DO_IT = re.compile(
    r"\b(i'?ll|ill|i will|i shall|i'?m (gonna|going to)|im (gonna|going to)|we'?ll|we will)\s+"
    r"(just\s+|go\s+and\s+|try\s+and\s+|try\s+to\s+)?$",
    re.I,
)


def asks_clinic_contact(text: str) -> bool:
    """Whether a message asks how to call or book with the clinic, or for a call.

    Args:
        text: The patient's message.

    Returns:
        True for "what's the clinic number again", "how do I book an appointment", "is possible
        somebody from clinic call me?" and the like; not for "when will the doctor call me?"
        or "I'll book something".
    """
    if any(not _WILL_DO_IT.search(text[: match.start()]) for match in _ASKS_CONTACT.finditer(text)):
        return True
    return any(
        not _ABOUT_A_CALL.search(text[: match.start()]) for match in _ASKS_A_CALL.finditer(text)
    )


#: Words of a question about the patient's own data ("what do you do with my number?").
_ABOUT_MY_DATA = re.compile(
    r"\b(my|our|his|her)\s+(data|details|information|info|number|phone number|name)\b"
    r"|\b(data|privacy|personal|gdpr|delete|deleted|store|stored|storing|keep|kept|share|shared|"
    r"who (sees|can see|reads))\b",
    re.I,
)


#: About the clinic itself, not booking: opening hours, parking, the address, walk-ins.
_ABOUT_THE_CLINIC = re.compile(
    r"\b(opening|office|clinic|surgery)\s+(hours|times)\b|\bwhat\s+time\b[^.?!]{0,25}\bopen"
    r"|\bwhen\b[^.?!]{0,20}\b(open|close)s?\b|\b(parking|car\s*park|address)\b"
    r"|\bwhere\s+(are|r)\s+(you|u)\b|\bwalk[- ]?ins?\b",
    re.I,
)


def asks_about_the_clinic(text: str) -> bool:
    """Whether a message asks about the clinic itself ("what time do you open?", "parking?")."""
    return bool(_ABOUT_THE_CLINIC.search(text))


def asks_clinic_contact_not_data(text: str) -> bool:
    """Whether a message asks for the clinic's contact and says nothing of the patient's data.

    "what is phone number of clinic", not "what do you do with my number?".
    """
    return asks_clinic_contact(text) and not _ABOUT_MY_DATA.search(text)


#: A complaint about a call back that never came ("STILL waiting for the physio to ring me
#: back", "nobody rang me"): an apology and the offer, not the form at once.
_STILL_WAITING = re.compile(
    r"\b(still|been) waiting\b.{0,40}\b(call\w*|ring\w*|rang|phon\w*|hear\w*|back)\b"
    r"|\b(nobody|no ?one|no-one)( has|'?s)? (ever )?(rang|rung|called|phoned|got back)\b"
    r"|\bnever (rang|rung|called|phoned|got back)\b"
    # "I've rung your clinic FIVE times and nobody picks up" (live test, stop 48)
    r"|\b(rung|rang|called|phoned|tried|ringing|calling)\b[^.?!]{0,30}\b(\d+|two|three|four|"
    r"five|six|several|many|loads of|so many)\s+times\b"
    r"|\b(nobody|no ?one|no-one)\s+(ever )?(answers|picks up|is answering|answered|picked up)\b",
    re.I,
)


def complains_of_waiting(text: str) -> bool:
    """Whether a message complains that an earlier call back never came."""
    return bool(_STILL_WAITING.search(text))


#: Asking to book through the chat itself: "can i do it on here?" after "book it yourself",
#: "so i cant book on here then?", "can I make the appointment through this chat?".
_BOOK_HERE = re.compile(
    r"\b(book\w*|do it|do that|make (an|the) appointment|arrange it)\b[^.?!]{0,25}"
    r"\b(on here|in here|through here|here|on this|in this chat|through (this|the) (chat|bot))\b",
    re.IGNORECASE,
)


def asks_to_book_here(text: str) -> bool:
    """Whether a message asks to book an appointment in the chat (it cannot be done here)."""
    return bool(_BOOK_HERE.search(text))

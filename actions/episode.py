"""A strain told as it happened is first aid, not how to lift.

"back went into spasms yesterday lifting a sofa", "put my back out lifting the car seat, is this
a spasm?": the lifting words make the topic model choose the lifting-technique answer, which is
prevention; the patient in pain now needs what to do about it (round 42, dev and live test).
"""

from __future__ import annotations

import re
from dataclasses import replace

from actions.topics import TopicDecision

LIFTING_TOPIC = "lifting"
FIRST_AID_TOPIC = "immediate_relief"

#: The question is how to lift, or how not to strain again.
_HOW_TO_LIFT = re.compile(
    r"\bhow (do|should|can|to|would|could)( i| we| you| one)? (lift|carry|pick|bend)"
    r"|\b(lift|lifting|carry|carrying)( \w+){0,2} (technique|properly|correctly|safely|right|"
    r"the right way)\b|\b(prevent|avoid|stop)\w*\b|\bnext time\b|\bin (the )?future\b"
    r"|\b(happening|coming back|again)\b|\bsafe(ly)? to (lift|carry)\b",
    re.I,
)
#: The strain is happening now: it went, it hurts, since when.
_EPISODE = re.compile(
    r"\b(went|gone|go(es)? into spasms?|put (my|his|her) back out|did (my|his|her) back( in)?|"
    r"hurt|pulled|strained|tweaked|locked|seized|twinged|since|yesterday|this morning|"
    r"last night|today|tonight|days?|in pain|very pain|agony|killing)\b",
    re.I,
)


def for_an_episode(decision: TopicDecision, text: str) -> TopicDecision:
    """First aid, for a strain told as it happened that the topic model read as lifting.

    Args:
        decision: The topic decision from the question's words and the topic model.
        text: The patient's message.

    Returns:
        The decision, or one answering first aid.
    """
    if decision.answer != LIFTING_TOPIC or _HOW_TO_LIFT.search(text):
        return decision
    if not _EPISODE.search(text):
        return decision
    return replace(decision, answer=FIRST_AID_TOPIC, choices=())

"""Asking how to reach or book with the clinic goes to the call-back offer, which names both."""

from __future__ import annotations

import pytest

from actions.fallback import ActionDefaultFallback
from actions.faq import ActionAnswerFaq
from tests.actions.test_fallback import parse, responses, run, user


@pytest.mark.parametrize("action_class", [ActionAnswerFaq, ActionDefaultFallback])
async def test_the_call_back_offer_follows(action_class):
    message = parse("whats the clinic number again", [("faq", 0.9)], [("who_to_see", 0.3)])
    messages, result = await run(action_class, [user(message)])
    assert responses(messages) == []
    assert result[-1] == {"event": "followup", "name": "utter_offer_callback", "timestamp": None}

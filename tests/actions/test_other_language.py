"""Messages read as another language (actions/other_language.py)."""

from __future__ import annotations

from actions.other_language import ActionReplyOtherLanguage
from tests.actions.test_fallback import action, parse, responses, run, user


async def test_a_name_read_as_another_language_after_the_offer_starts_the_form():
    events = [
        action("utter_offer_callback"),
        user(parse("Nadia El Amrani", [("other_language", 1.0)])),
    ]
    messages, result = await run(ActionReplyOtherLanguage, events)
    assert messages == []
    assert result == [{"event": "followup", "name": "action_take_contact_name", "timestamp": None}]


async def test_another_language_after_the_offer_still_gets_english_only():
    events = [
        action("utter_offer_callback"),
        user(parse("tengo dolor de espalda", [("other_language", 1.0)])),
    ]
    messages, result = await run(ActionReplyOtherLanguage, events)
    assert responses(messages) == ["utter_other_language"] and result == []


async def test_a_capitalised_message_with_no_offer_gets_english_only():
    events = [user(parse("Guten Morgen Herr Doktor", [("other_language", 1.0)]))]
    messages, _ = await run(ActionReplyOtherLanguage, events)
    assert responses(messages) == ["utter_other_language"]

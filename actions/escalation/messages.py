"""The doctor's message: the webhook's JSON body and the Slack message.

Both are rendered from the case snapshot a delivery carries (`store.snapshot_of`), so every
retry of a delivery sends the same content. They say: the case id and revision, the urgency and
what the patient was advised, each flag with what it may indicate, the patient's own words, the
recent transcript, the channel and conversation id, how to reach the patient, and the times.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from actions.escalation import urgency as urgency_levels
from actions.escalation.flags import FlagCatalogue, default_catalogue

SCHEMA = "backspasm.escalation.v1"

#: What the patient was told to do, per urgency (the doctor needs to know).
ADVICE_GIVEN = {
    urgency_levels.EMERGENCY: (
        "Told to call the emergency number now or go to an emergency department, "
        "and not to wait for a call back."
    ),
    urgency_levels.URGENT: "Told to have a doctor assess them today.",
    urgency_levels.SOON: "Told to book a doctor's appointment within the next few days.",
}

_HEADLINE = {
    urgency_levels.EMERGENCY: ":rotating_light: EMERGENCY",
    urgency_levels.URGENT: ":warning: URGENT",
    urgency_levels.SOON: ":information_source: SOON",
}

_CHANGE_WORDS = {
    "opened": "new case",
    "urgency_raised": "urgency raised",
    "flags_added": "new red flag",
    "contact_added": "contact details added",
}

#: Slack's limit for a section's text is 3000 characters.
_SLACK_SECTION_LIMIT = 2900


def _flags(snapshot: Dict[str, Any], catalogue: FlagCatalogue) -> List[Dict[str, Any]]:
    return [
        {
            "id": info.id,
            "label": info.label,
            "may_indicate": info.may_indicate or None,
            "urgency": info.urgency,
        }
        for info in catalogue.describe(str(f) for f in snapshot.get("flags") or [])
    ]


def how_to_reach(snapshot: Dict[str, Any]) -> str:
    """Says how the doctor can reach the patient.

    Args:
        snapshot: The case snapshot.

    Returns:
        A sentence for the doctor.
    """
    contact = snapshot.get("contact") or {}
    if contact.get("phone"):
        name = contact.get("name") or "the patient"
        return (
            f"Call {name} on {contact['phone']} (they asked for a call back and consented to "
            f"their details being passed on at {contact.get('consent_at') or 'unknown time'})."
        )
    return (
        "No phone number given yet: the patient can only be reached if they leave one "
        "(this case is updated if they do)."
    )


def webhook_document(
    snapshot: Dict[str, Any], catalogue: Optional[FlagCatalogue] = None
) -> Dict[str, Any]:
    """Builds the webhook's JSON document for a case snapshot.

    Args:
        snapshot: The case snapshot a delivery carries.
        catalogue: Flag descriptions; defaults to `knowledge/red_flags.yml`.

    Returns:
        The document (see the README for the schema).
    """
    catalogue = catalogue or default_catalogue()
    level = str(snapshot.get("urgency"))
    changes = list(snapshot.get("changes") or [])
    return {
        "schema": SCHEMA,
        "event": "case_opened" if "opened" in changes else "case_updated",
        "case_id": snapshot.get("case_id"),
        "revision": snapshot.get("revision"),
        "changes": changes,
        "reason": snapshot.get("reason"),
        "urgency": level,
        "previous_urgency": snapshot.get("previous_urgency"),
        "advice_given": ADVICE_GIVEN.get(level, ""),
        "flags": _flags(snapshot, catalogue),
        "patient_words": [
            {"at": r.get("at"), "text": r.get("text")} for r in snapshot.get("reports") or []
        ],
        "transcript": list(snapshot.get("transcript") or []),
        "conversation_id": snapshot.get("conversation_id"),
        "channel": snapshot.get("channel"),
        "contact": snapshot.get("contact"),
        "how_to_reach": how_to_reach(snapshot),
        "opened_at": snapshot.get("opened_at"),
        "updated_at": snapshot.get("updated_at"),
    }


def webhook_body(snapshot: Dict[str, Any], catalogue: Optional[FlagCatalogue] = None) -> bytes:
    """Serialises the webhook document to the exact bytes that are sent and signed.

    Args:
        snapshot: The case snapshot.
        catalogue: Flag descriptions.

    Returns:
        Compact UTF-8 JSON with sorted keys (the same bytes on every retry).
    """
    document = webhook_document(snapshot, catalogue)
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def slack_escape(text: str) -> str:
    """Escapes text for Slack mrkdwn, so patient text cannot mention people or inject links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip_lines(lines: List[str], limit: int = _SLACK_SECTION_LIMIT) -> str:
    """Joins lines, dropping the oldest ones so that the text fits `limit` characters."""
    kept: List[str] = []
    size = 0
    for line in reversed(lines):
        if size + len(line) + 1 > limit:
            kept.append("…")
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(reversed(kept))


def _clip(text: str, limit: int = _SLACK_SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(text: str) -> Dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text)}}


def slack_message(
    snapshot: Dict[str, Any],
    channel: str,
    catalogue: Optional[FlagCatalogue] = None,
    mention: str = "",
    thread_ts: Optional[str] = None,
) -> Dict[str, Any]:
    """Builds the `chat.postMessage` arguments for a case snapshot.

    The notification text (`text`, shown in push notifications) holds no patient words; the
    blocks hold the details. Updates of a case already posted go into that post's thread, and
    are also shown in the channel when the urgency was raised.

    Args:
        snapshot: The case snapshot.
        channel: Slack channel id.
        catalogue: Flag descriptions.
        mention: Mention put in front of emergency and urgent cases (`<!here>`), or empty.
        thread_ts: `ts` of the case's first Slack post, to reply in its thread.

    Returns:
        The JSON arguments of `chat.postMessage`.
    """
    document = webhook_document(snapshot, catalogue)
    level = document["urgency"]
    case_id = document["case_id"]
    changes = [_CHANGE_WORDS.get(c, c) for c in document["changes"]]
    flags = document["flags"]
    indications = sorted({f["may_indicate"] for f in flags if f["may_indicate"]})
    headline = _HEADLINE.get(level, level.upper())
    is_update = document["event"] == "case_updated"

    summary = f"{headline} back-pain escalation {case_id}"
    if is_update:
        summary = f"{headline} update of {case_id} ({', '.join(changes)})"
    if flags:
        summary += f": {len(flags)} red flag{'s' if len(flags) != 1 else ''}"
        if indications:
            summary += f" (may indicate {'; '.join(indications)})"
    elif document["reason"] == "callback_request":
        summary += ": patient asks for a call back"
    page = mention if mention and level in (urgency_levels.EMERGENCY, urgency_levels.URGENT) else ""
    text = f"{page} {summary}".strip()

    urgency_line = f"*Urgency:* {level.upper()}"
    if document["previous_urgency"]:
        urgency_line += f" (raised from {document['previous_urgency']})"
    details = [
        f"{page} *{headline}* case *{case_id}* (revision {document['revision']}: "
        f"{', '.join(changes) or 'no change'})".strip(),
        urgency_line,
        f"*Advice given:* {document['advice_given']}",
    ]
    blocks: List[Dict[str, Any]] = [_section("\n".join(details))]

    if flags:
        flag_lines = []
        for flag in flags:
            line = f"• {slack_escape(flag['label'])} (`{slack_escape(flag['id'])}`)"
            if flag["may_indicate"]:
                line += f": may indicate _{slack_escape(flag['may_indicate'])}_"
            flag_lines.append(line)
        blocks.append(_section("*Red flags*\n" + "\n".join(flag_lines)))
    else:
        blocks.append(_section("*Red flags:* none reported (the patient asked for a call back)"))

    words = [
        f"> {slack_escape(str(w.get('text') or ''))} _({w.get('at')})_"
        for w in document["patient_words"]
    ]
    if words:
        blocks.append(_section("*Patient's words*\n" + _clip_lines(words, 2800)))

    blocks.append(_section("*How to reach them*\n" + slack_escape(document["how_to_reach"])))

    transcript_lines = [
        f"[{m.get('at') or ''}] {'Patient' if m.get('speaker') == 'patient' else 'Assistant'}: "
        + slack_escape(str(m.get("text") or "")).replace("```", "'''")
        for m in document["transcript"]
    ]
    if transcript_lines:
        blocks.append(
            _section("*Recent conversation*\n```" + _clip_lines(transcript_lines, 2800) + "```")
        )

    context = (
        f"Conversation `{slack_escape(str(document['conversation_id']))}` · channel "
        f"{slack_escape(str(document['channel'] or 'unknown'))} · opened {document['opened_at']}"
        f" · updated {document['updated_at']}"
    )
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(context)}]})

    message: Dict[str, Any] = {
        "channel": channel,
        "text": text,
        "blocks": blocks,
        "unfurl_links": False,
        "unfurl_media": False,
    }
    if thread_ts:
        message["thread_ts"] = thread_ts
        message["reply_broadcast"] = "urgency_raised" in document["changes"]
    return message

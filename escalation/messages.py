"""The doctor's message: the webhook's JSON body and the Slack message.

Both are rendered from the case snapshot a delivery carries (`store.snapshot_of`), so every
retry of a delivery sends the same content. They say: the case id and revision, the urgency and
what the patient was advised, each flag with what it may indicate, the patient's own words, the
recent transcript, the channel and conversation id, how to reach the patient, and the times.
Every sentence and label is a `utter_doctor_*` response of `domain/doctor.yml`.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from clinic.contract import DOMAIN_PATH, EMERGENCY, URGENCIES, URGENT
from clinic.responses import render
from escalation.flags import FlagCatalogue, default_catalogue
from escalation.rules import CHANGE_OPENED, CHANGE_URGENCY_RAISED, REASON_CALLBACK

SCHEMA = "backspasm.escalation.v1"

#: The domain file with the doctor's wording.
DOCTOR_RESPONSES_PATH = DOMAIN_PATH / "doctor.yml"
#: Prefix of its responses.
PREFIX = "utter_doctor_"


def say(key: str, /, **values: Any) -> str:
    """Returns one of the doctor's sentences, `utter_doctor_<key>` of `domain/doctor.yml`.

    Args:
        key: The response name without its prefix, e.g. `case_new`.
        **values: Its variables.

    Returns:
        The text.
    """
    return render(DOCTOR_RESPONSES_PATH, PREFIX + key, None, **values)


def advice_given(level: str) -> str:
    """What the patient was told to do at an urgency level (empty for an unknown level)."""
    return say(f"advice_given_{level}") if level in URGENCIES else ""


def _headline(level: str) -> str:
    return say(f"headline_{level}") if level in URGENCIES else level.upper()


def _change_words(change: str) -> str:
    try:
        return say(f"change_{change}")
    except LookupError:
        return change


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
        return say(
            "reach_by_phone",
            name=contact.get("name") or say("the_patient"),
            phone=contact["phone"],
            consent_at=contact.get("consent_at") or say("unknown_time"),
        )
    return say("reach_no_phone")


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
        "event": "case_opened" if CHANGE_OPENED in changes else "case_updated",
        "case_id": snapshot.get("case_id"),
        "revision": snapshot.get("revision"),
        "changes": changes,
        "reason": snapshot.get("reason"),
        "urgency": level,
        "previous_urgency": snapshot.get("previous_urgency"),
        "advice_given": advice_given(level),
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
    changes = [_change_words(c) for c in document["changes"]]
    flags = document["flags"]
    indications = sorted({f["may_indicate"] for f in flags if f["may_indicate"]})
    headline = _headline(level)
    is_update = document["event"] == "case_updated"

    summary = say("case_new", headline=headline, case_id=case_id)
    if is_update:
        summary = say("case_update", headline=headline, case_id=case_id, changes=", ".join(changes))
    if flags:
        summary += say("one_flag") if len(flags) == 1 else say("flags", count=len(flags))
        if indications:
            summary += say("may_indicate", indications="; ".join(indications))
    elif document["reason"] == REASON_CALLBACK:
        summary += say("asks_for_call_back")
    page = mention if mention and level in (EMERGENCY, URGENT) else ""
    text = f"{page} {summary}".strip()

    urgency_line = say("urgency_line", urgency=level.upper())
    if document["previous_urgency"]:
        urgency_line += say("urgency_raised_from", previous_urgency=document["previous_urgency"])
    case_line = say(
        "case_line",
        mention=page,
        headline=headline,
        case_id=case_id,
        revision=document["revision"],
        changes=", ".join(changes) or say("no_change"),
    )
    details = [
        case_line.strip(),
        urgency_line,
        say("advice_line", advice=document["advice_given"]),
    ]
    blocks: List[Dict[str, Any]] = [_section("\n".join(details))]

    if flags:
        flag_lines = []
        for flag in flags:
            line = say(
                "flag_line", label=slack_escape(flag["label"]), flag_id=slack_escape(flag["id"])
            )
            if flag["may_indicate"]:
                line += say("flag_may_indicate", may_indicate=slack_escape(flag["may_indicate"]))
            flag_lines.append(line)
        blocks.append(_section(say("flags_title") + "\n" + "\n".join(flag_lines)))
    else:
        blocks.append(_section(say("no_flags")))

    words = [
        say("words_line", text=slack_escape(str(w.get("text") or "")), at=w.get("at"))
        for w in document["patient_words"]
    ]
    if words:
        blocks.append(_section(say("words_title") + "\n" + _clip_lines(words, 2800)))

    reach = slack_escape(document["how_to_reach"])
    blocks.append(_section(say("reach_title") + "\n" + reach))

    speakers = {"patient": say("speaker_patient")}
    transcript_lines = [
        f"[{m.get('at') or ''}] {speakers.get(m.get('speaker'), say('speaker_assistant'))}: "
        + slack_escape(str(m.get("text") or "")).replace("```", "'''")
        for m in document["transcript"]
    ]
    if transcript_lines:
        title = say("transcript_title")
        blocks.append(_section(title + "\n```" + _clip_lines(transcript_lines, 2800) + "```"))

    context = say(
        "context",
        conversation_id=slack_escape(str(document["conversation_id"])),
        channel=slack_escape(str(document["channel"] or say("unknown_channel"))),
        opened_at=document["opened_at"],
        updated_at=document["updated_at"],
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
        message["reply_broadcast"] = CHANGE_URGENCY_RAISED in document["changes"]
    return message

"""The action server obeys the Rasa server only: forged calls get 401 and change nothing.

Issue 10, finding 1: any process that reached the action server's port could `POST /webhook`
with `next_action: action_submit_callback`, a victim's `sender_id` and invented contact slots,
move the victim's case to a new revision and page the doctor with "Call Mallory on ...". Now the
Rasa server sends the shared ACTION_SERVER_TOKEN (endpoints.yml's action endpoint `token`, as
`?token=`) and the action server refuses every call without it (channels.action_auth).
Real processes on 127.0.0.1: the session stack of conftest.py.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from escalation.db import Case
from escalation.store import CaseStore
from tests.e2e.e2e_support import (
    Stack,
    http_get,
    http_post,
    rest_chat,
    skip_without_red_flags,
)

pytestmark = [pytest.mark.e2e]

URGENT_MESSAGE = "I've got a fever and my back is really sore"
MALLORY, MALLORY_PHONE = "Mallory", "+44 7700 900999"


def forged_call(sender: str) -> Dict[str, Any]:
    """What the attacker sent: the call-back submission with invented contact details."""
    slots = {
        "contact_name": MALLORY,
        "contact_phone": MALLORY_PHONE,
        "contact_consent": True,
        "red_flag_urgency": "urgent",
        "requested_slot": None,
    }
    return {
        "next_action": "action_submit_callback",
        "sender_id": sender,
        "tracker": {
            "sender_id": sender,
            "slots": slots,
            "latest_message": {"text": "yes", "intent": {"name": "affirm"}, "entities": []},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "callback_form",
        },
        "domain": {"slots": {}, "responses": {}, "forms": {}},
        "version": "3.6.21",
    }


def cases_of(store: CaseStore, conversation_id: str) -> List[Dict[str, Any]]:
    with Session(store.engine) as session:
        ids = list(
            session.execute(
                select(Case.id).where(Case.conversation_id == conversation_id)
            ).scalars()
        )
    return [case for case_id in ids if (case := store.get_case(case_id)) is not None]


def post_json(url: str, body: Dict[str, Any]) -> tuple[int, bytes]:
    return http_post(url, json.dumps(body).encode(), {"Content-Type": "application/json"})


def test_forged_submit_callback_gets_401_and_changes_no_case(stack: Stack, log_dir: Path):
    skip_without_red_flags()
    victim = f"e2e-victim-{uuid.uuid4().hex[:12]}"
    rest_chat(stack.rasa_url, victim, URGENT_MESSAGE, timeout=90)
    store = CaseStore(stack.env["ESCALATION_DB_URL"], timeout=10)
    try:
        (before,) = cases_of(store, victim)
        assert before["contact"] is None

        token = stack.env["ACTION_SERVER_TOKEN"]
        webhook = f"{stack.actions_url}/webhook"
        for url in (webhook, f"{webhook}?token=", f"{webhook}?token={token[:-1]}x"):
            status, body = post_json(url, forged_call(victim))
            assert status == 401, (url.replace(token, "<token>"), status)
            assert json.loads(body) == {"error": "Unauthorized"}
        # The token in a header or the body is not the Rasa server's way: refused too.
        status, _ = http_post(
            webhook,
            json.dumps({**forged_call(victim), "token": token}).encode(),
            {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        assert status == 401

        (after,) = cases_of(store, victim)
        assert after["revision"] == before["revision"]
        assert after["contact"] is None
        assert after["updated_at"] == before["updated_at"]
        assert len(after["deliveries"]) == len(before["deliveries"])
    finally:
        store.dispose()

    # The list of actions is closed as well; only the health check is open.
    assert http_get(f"{stack.actions_url}/actions")[0] == 401
    assert http_get(f"{stack.actions_url}/actions?token={token}")[0] == 200
    assert http_get(f"{stack.actions_url}/health")[0] == 200
    # Neither server writes the token to its log.
    for name in ("action-server.log", "rasa.log"):
        assert token not in (log_dir / name).read_text(encoding="utf-8", errors="replace")


def test_the_rasa_server_still_runs_custom_actions(stack: Stack):
    """The real caller has the token: a red flag still gets its case from the action server."""
    skip_without_red_flags()
    sender = f"e2e-token-ok-{uuid.uuid4().hex[:12]}"
    messages = rest_chat(stack.rasa_url, sender, URGENT_MESSAGE, timeout=90)
    markers = [
        m["custom"]["escalation"]
        for m in messages
        if isinstance(m.get("custom"), dict) and "escalation" in m["custom"]
    ]
    assert len(markers) == 1 and markers[0]["case_id"], messages

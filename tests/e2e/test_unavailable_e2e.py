"""A Rasa server that could not load its model answers with the emergency number (real process).

Rasa 3.6 keeps serving when the model fails to load (a missing file, a rule file the red-flag
detector refuses) and then ignores every message: the REST channel answered `[]`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.e2e_support import (
    EMERGENCY_NUMBER,
    ROOT,
    Proc,
    action_server_url,
    build_credentials,
    clean_env,
    free_port,
    rasa_server,
    rest_chat,
    tracker_store_url,
)

pytestmark = [pytest.mark.e2e]


def test_with_a_broken_model_a_red_flag_gets_the_number_not_silence(tmp_path: Path, log_dir: Path):
    broken_model = tmp_path / "broken.tar.gz"
    broken_model.write_bytes(b"not a model")
    rasa_port = free_port()
    env = clean_env(
        {
            "EMERGENCY_NUMBER": EMERGENCY_NUMBER,
            "ACTION_SERVER_URL": action_server_url(free_port()),
            "TRACKER_STORE_URL": tracker_store_url(tmp_path / "conversations.db"),
            "ESCALATION_DB_URL": f"sqlite:///{tmp_path / 'escalations.db'}",
        }
    )
    credentials = tmp_path / "credentials.yml"
    build_credentials(credentials, env)
    rasa = Proc(
        "rasa-without-model",
        rasa_server(broken_model, rasa_port, credentials, ROOT / "endpoints.yml"),
        env,
        log_dir,
    ).start()
    try:
        rasa.wait_http(f"http://127.0.0.1:{rasa_port}/", 180)
        text = "my husband fell off the roof and cant feel his legs"
        replies = rest_chat(f"http://127.0.0.1:{rasa_port}", "no-model-1", text)
        assert len(replies) == 1, (replies, rasa.log_tail())
        assert EMERGENCY_NUMBER in replies[0]["text"] and "try again" in replies[0]["text"]
        assert "no model is loaded" in rasa.log_text()
        assert text not in rasa.log_text()
    finally:
        rasa.stop()

"""The production launcher warms the model up before it serves (real Rasa process)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.e2e_support import Stack

pytestmark = [pytest.mark.e2e]


def test_the_model_is_warmed_up_before_the_server_answers(stack: Stack):
    log = stack.rasa.log_text()
    # The warm-up runs in Rasa's before-server-start listener, so it is done before `/` answers,
    # which is what the stack waited for.
    assert re.search(r"Model warmed up in [0-9.]+ s", log), stack.rasa.log_tail()
    assert "warm-up failed" not in log

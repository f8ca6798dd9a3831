from actions.config import DEFAULT_EMERGENCY_NUMBER, Settings


def test_emergency_number_defaults_to_112():
    assert Settings.from_env({}).emergency_number == DEFAULT_EMERGENCY_NUMBER == "112"


def test_emergency_number_from_env_is_trimmed():
    assert Settings.from_env({"EMERGENCY_NUMBER": " 999 "}).emergency_number == "999"


def test_blank_emergency_number_falls_back_to_default():
    assert Settings.from_env({"EMERGENCY_NUMBER": "  "}).emergency_number == "112"

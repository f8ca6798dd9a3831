"""clinic.log_privacy: no log record, warning or structlog event carries patient data.

Records from this file count as someone else's code (tests/ is not one of the project's
packages), so the rules for Rasa's and the libraries' log calls are tested on calls written here,
and on records made at the real call sites of Rasa and rasa-sdk. The patient data never appears
literally on a logging line here: a code line is shown in tracebacks, and literal text of a log
call is kept by design.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import warnings
from pathlib import Path
from typing import Any, Iterator, List, Tuple

import pytest
import rasa_sdk.utils
import structlog
from rasa.core.lock_store import InMemoryLockStore
from rasa.utils.log_utils import configure_structlog

from clinic import log_privacy
from clinic.log_privacy import PLACEHOLDER, LogPrivacyFilter
from escalation.db import StoreError

SENTENCE = "My back went into spasm on the Zebrafinchery ladder"
NAME = "Wilhelmina Quaresma"
PHONE = "+44 7700 900461"
SECRETS = (SENTENCE, "Zebrafinchery", "Wilhelmina", "Quaresma", "7700 900461", "447700900461")
ROOT = Path(__file__).resolve().parents[2]


class Lines(logging.Handler):
    """Keeps the formatted lines and the records it is given."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines: List[str] = []
        self.records: List[logging.LogRecord] = []
        self.warnings: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))

    @property
    def text(self) -> str:
        return "\n".join(self.lines + self.warnings)


def leaked(text: str) -> List[str]:
    return [secret for secret in SECRETS if secret.lower() in text.lower()]


def _filters_off() -> None:
    for handler in log_privacy._handlers():
        for item in list(handler.filters):
            if isinstance(item, LogPrivacyFilter):
                handler.removeFilter(item)


@pytest.fixture
def logs() -> Iterator[Lines]:
    """The filter installed; a handler added afterwards (on the root logger) collects the lines."""
    factory, show = logging.getLogRecordFactory(), warnings.showwarning
    root, rasa = logging.getLogger(), logging.getLogger("rasa")
    levels = root.level, rasa.level
    handler = Lines()

    def capture(message: Any, category: Any, filename: str, lineno: int, *_: Any) -> None:
        handler.warnings.append(f"{filename}:{lineno}: {category.__name__}: {message}")

    warnings.showwarning = capture
    log_privacy.install()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    rasa.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(levels[0])
        rasa.setLevel(levels[1])
        logging.setLogRecordFactory(factory)
        warnings.showwarning = show
        _filters_off()


def call_site(module: str, snippet: str) -> Tuple[str, int]:
    """The file and line of a logging call in an installed module (found by its text)."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin
    for number, line in enumerate(Path(spec.origin).read_text().splitlines(), 1):
        if snippet in line:
            return spec.origin, number
    raise AssertionError(f"{snippet!r} is no longer in {module}")


def record_at(module: str, snippet: str, message: str, args: Any = ()) -> logging.LogRecord:
    """A record as the logging call at `snippet` in `module` makes it (through the factory)."""
    path, line = call_site(module, snippet)
    return logging.getLogger(module).makeRecord(
        module, logging.DEBUG, path, line, message, args, None
    )


# -- Rasa's and rasa-sdk's log calls that carry text ----------------------------------------------


def test_a_real_rasa_debug_line_keeps_its_words_not_the_conversation_id(logs: Lines):
    InMemoryLockStore().issue_ticket(NAME)

    assert "DEBUG rasa.core.lock_store Issuing ticket for conversation '[redacted]'." in logs.lines
    assert leaked(logs.text) == []


@pytest.mark.parametrize(
    ("module", "snippet", "message", "kept"),
    [
        (
            "rasa.core.actions.forms",
            "these events: {events_as_str}",
            "The execution of 'action_extract_slots' resulted in these events: "
            f"[SlotSet(key: contact_name, value: {NAME}), SlotSet(key: contact_phone, value: "
            f"{PHONE})].",
            "The execution of 'action_extract_slots' resulted in these events: [redacted].",
        ),
        (
            "rasa.core.nlg.callback",
            "Received NLG response",
            f'Received NLG response: {{"text": "Thank you, {NAME}, we will call {PHONE}"}}',
            "Received NLG response: [redacted]",
        ),
        (
            "rasa.core.actions.action",
            "Error: {e}",
            "Failed to run custom action 'action_submit_callback'. Couldn't connect to the server "
            "at 'http://127.0.0.1:5055/webhook'. Is the server running? "
            f"Error: Cannot parse {SENTENCE}",
            "Failed to run custom action 'action_submit_callback'. Couldn't connect to the server "
            "at '[redacted]'. Is the server running? Error: [redacted]",
        ),
        (
            "rasa_sdk.executor",
            "Contents of ignored event",
            f"Contents of ignored event: '{{'event': 'slot', 'name': 'contact_name', 'value': "
            f"'{NAME}'}}'",
            "Contents of ignored event: '[redacted]'",
        ),
        (
            "rasa.core.processor",
            "Predicted next action '{action.name()}'",
            "Predicted next action 'action_listen' with confidence 0.99.",
            "Predicted next action 'action_listen' with confidence 0.99.",
        ),
        (
            "rasa_sdk.executor",
            "Received request to run '{action_name}'",
            "Received request to run 'action_submit_callback'",
            "Received request to run 'action_submit_callback'",
        ),
    ],
)
def test_known_log_calls_keep_their_text_and_names_not_the_data(
    logs: Lines, module: str, snippet: str, message: str, kept: str
):
    record = record_at(module, snippet, message)

    assert record.getMessage() == kept
    assert leaked(record.getMessage()) == []


def test_sanic_error_log_keeps_its_words_not_the_url(logs: Lines):
    url = f"http://127.0.0.1/webhooks/rest/webhook?text={PHONE}"
    template = "Exception occurred while handling uri: %s"
    record = record_at("sanic.handlers", "Exception occurred while handling uri", template, (url,))

    assert record.getMessage() == "Exception occurred while handling uri: [redacted]"


def test_rasa_sdk_version_warning_keeps_its_words_not_the_request(logs: Lines):
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        rasa_sdk.utils.check_version_compatibility(SENTENCE)

    assert len(logs.warnings) == 1
    assert "You are currently running rasa version [redacted] and rasa_sdk" in logs.warnings[0]
    assert leaked(logs.text) == []


def test_deprecation_warnings_keep_their_text(logs: Lines):
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn_explicit("old_api() is deprecated", DeprecationWarning, "lib.py", 3)
        warnings.warn_explicit(f"Could not read {PHONE}", UserWarning, "lib.py", 4)

    assert logs.warnings == [
        "lib.py:3: DeprecationWarning: old_api() is deprecated",
        f"lib.py:4: UserWarning: [redacted] ({len('Could not read ' + PHONE)} characters)",
    ]


# -- Rasa's structured (structlog) events ---------------------------------------------------------


@pytest.fixture
def rasa_structlog(logs: Lines) -> Iterator[Lines]:
    """structlog set up as `rasa run` does (JSON lines), then the filter installed again."""
    saved = structlog.get_config()
    configure_structlog(logging.DEBUG)
    log_privacy.install()
    try:
        yield logs
    finally:
        structlog.configure(**saved)


def events(lines: Lines) -> List[dict]:
    return [json.loads(line.split(" ", 2)[2]) for line in lines.lines if " {" in line]


def test_message_parse_event_keeps_the_intent_not_the_text(rasa_structlog: Lines):
    structlog.get_logger().debug(
        "processor.message.parse",
        parse_data_text=SENTENCE,
        parse_data_intent={"name": "inform_contact", "confidence": 0.93},
        parse_data_entities=[{"entity": "name", "value": NAME}],
    )

    (event,) = events(rasa_structlog)
    assert event["event"] == "processor.message.parse"
    assert event["parse_data_intent"] == {"name": "inform_contact", "confidence": 0.93}
    assert event["parse_data_text"] == event["parse_data_entities"] == PLACEHOLDER
    assert leaked(rasa_structlog.text) == []


def test_slot_and_action_events_keep_names_and_counts_only(rasa_structlog: Lines):
    log = structlog.get_logger()
    slots = f"\tcontact_name: {NAME}\n\tcontact_phone: {PHONE}"
    log.debug("processor.slots.log", slot_values=slots)
    log.debug(
        "processor.actions.log",
        action_name="action_submit_callback",
        rasa_events=[f"BotUttered('Thank you, {NAME}. I've added {PHONE} to your case')"],
    )
    log.debug("processor.extract.slots", len_extraction_events=2, rasa_events=[NAME, PHONE])
    log.debug("forms.slots.validate", slot_candidates={"contact_phone": PHONE})

    slots, actions, extract, validate = events(rasa_structlog)
    assert slots["slot_values"] == PLACEHOLDER
    assert actions["action_name"] == "action_submit_callback"
    assert actions["rasa_events"] == PLACEHOLDER
    assert extract["len_extraction_events"] == 2 and extract["rasa_events"] == PLACEHOLDER
    assert validate["slot_candidates"] == PLACEHOLDER
    assert leaked(rasa_structlog.text) == []


def _parse(text: str) -> None:
    raise AttributeError(f"'dict' object has no attribute {text!r}")


def test_rest_channel_failure_shows_the_traceback_without_text_or_local_variables(
    rasa_structlog: Lines,
):
    text = {"text": SENTENCE, "name": NAME}
    try:
        _parse(str(text))
    except AttributeError:
        structlog.get_logger().exception("rest.message.received.failure", text=text)

    (event,) = events(rasa_structlog)
    assert event["event"] == "rest.message.received.failure" and event["text"] == PLACEHOLDER
    assert "in _parse" in event["exception"] and event["exception"].endswith("AttributeError")
    assert "locals" not in rasa_structlog.text
    assert leaked(rasa_structlog.text) == []


# -- Exceptions -----------------------------------------------------------------------------------


def test_an_exception_in_the_arguments_keeps_its_type_only(logs: Lines):
    error = ValueError(f"cannot read {SENTENCE}")

    logging.getLogger("vendor.processor").error("Could not handle the message: %s", error)

    assert logs.lines == ["ERROR vendor.processor Could not handle the message: ValueError"]


def test_the_projects_own_exceptions_keep_their_messages_others_do_not():
    def logged(error: Exception) -> str:
        path = str(ROOT / "escalation" / "worker.py")
        record = logging.LogRecord("escalation.worker", 40, path, 72, "(%s)", (error,), None)
        return log_privacy.redact_record(record).getMessage()

    own = StoreError("database error (OperationalError)")
    assert logged(own) == "(escalation.db.StoreError: database error (OperationalError))"
    assert logged(RuntimeError(f"failed while reading: {NAME}")) == "(RuntimeError)"


def _fail(text: str) -> None:
    raise ValueError(f"cannot parse {text}")


def test_a_traceback_keeps_frames_and_types_not_messages(logs: Lines):
    try:
        try:
            _fail(SENTENCE)
        except ValueError as error:
            raise RuntimeError(PHONE) from error
    except RuntimeError:
        logging.getLogger("vendor.actions").exception("The action failed.")

    text = logs.text
    assert "ERROR vendor.actions The action failed.\nTraceback (most recent call last):" in text
    assert "line" in text and "in _fail" in text and "\nValueError\n" in text
    assert "direct cause of the following exception" in text and text.endswith("RuntimeError")
    assert leaked(text) == []
    assert logs.records[0].exc_info is None


def test_own_code_logging_a_foreign_exception_shows_its_type_only():
    path = str(ROOT / "channels" / "action_server.py")
    try:
        _fail(NAME)
    except ValueError as error:
        exc_info = (ValueError, error, error.__traceback__)
        record = logging.LogRecord("channels", 40, path, 58, "Action server error", (), exc_info)
    log_privacy.redact_record(record)
    text = logging.Formatter().format(record)

    assert record.getMessage() == "Action server error" and "in _fail" in text
    assert leaked(text) == []


# -- Values of any type, messages of any kind -----------------------------------------------------


class Talkative:
    def __str__(self) -> str:
        return SENTENCE

    __repr__ = __str__


def test_non_string_arguments_keep_numbers_and_names_only(logs: Lines):
    logger = logging.getLogger("vendor.server")
    logger.debug(
        "%s %s %s %s %d %.1f %s %s %s",
        {"name": NAME},
        [PHONE],
        SENTENCE.encode(),
        Talkative(),
        42,
        0.5,
        None,
        True,
        "action_listen",
    )
    logger.debug("%(name)s called %(count)d times", {"name": NAME, "count": 3})

    assert logs.lines == [
        "DEBUG vendor.server [redacted] [redacted] [redacted] [redacted] 42 0.5 None True "
        "action_listen",
        "DEBUG vendor.server [redacted] called 3 times",
    ]


def test_a_message_that_is_not_a_string_is_replaced(logs: Lines):
    logger = logging.getLogger("vendor.actions")
    logger.debug(ValueError(SENTENCE))
    logger.debug(Talkative())

    assert logs.lines == [
        "DEBUG vendor.actions ValueError",
        "DEBUG vendor.actions [redacted]",
    ]


def test_f_string_format_and_concatenated_values_are_redacted_the_text_kept(logs: Lines):
    logger = logging.getLogger("vendor.processor")
    intent, count = "report_red_flag", 7
    logger.debug(f"Received user message '{SENTENCE}' with intent '{intent}' ({count} events).")
    logger.info("Slots now {} after {} turns".format({"contact_name": NAME}, count))
    logger.warning("The patient wrote: " + PHONE)

    assert logs.lines == [
        "DEBUG vendor.processor Received user message '[redacted]' with intent "
        "'report_red_flag' (7 events).",
        "INFO vendor.processor Slots now [redacted] after 7 turns",
        "WARNING vendor.processor The patient wrote: [redacted]",
    ]


def test_a_value_that_contains_the_calls_own_words_is_still_redacted(logs: Lines):
    trick = f"{NAME}' with intent 'greet"
    logging.getLogger("vendor").debug(f"Received '{trick}' with intent '{'affirm'}'")

    assert logs.lines == ["DEBUG vendor Received '[redacted]' with intent '[redacted]'"]


@pytest.mark.parametrize(
    ("parts", "message", "values"),
    [
        (["Hello ", None, "!"], "Hello Ann!", ["Ann"]),
        ([None, " said ", None], "Ann said hi", ["Ann", "hi"]),
        (["a", None, "b", None], "axbyb", ["x", "yb"]),
        (["Hello ", None, "!"], "Bye Ann!", None),
        (["Hello"], "Hello there", None),
        ([], "", []),
        ([], "anything", None),
    ],
)
def test_a_template_splits_a_message_into_its_values(parts, message, values):
    assert log_privacy.Template(parts).values(message) == values


def test_a_message_built_before_the_call_is_replaced_whole(logs: Lines):
    message = f"User said {SENTENCE}"
    logging.getLogger("vendor.rest").warning(message)

    assert logs.lines == ["WARNING vendor.rest [redacted]"]


def test_a_message_whose_call_cannot_be_read_is_replaced_with_its_length():
    message = f"User said {SENTENCE}"
    record = logging.LogRecord("rasa", logging.INFO, "/elsewhere/gone.py", 3, message, (), None)
    log_privacy.redact_record(record)

    assert record.getMessage() == f"[redacted] ({len(message)} characters)"


def test_an_oversize_message_becomes_a_short_line(logs: Lines):
    text = (SENTENCE + " ") * 40_000  # over 2 MB: spaCy refuses over 1M characters
    logging.getLogger("vendor.nlu").error(f"Text of length {len(text)} exceeds the maximum: {text}")

    # Seven digits or more could be a phone number: the length goes too.
    assert logs.lines == [
        "ERROR vendor.nlu Text of length [redacted] exceeds the maximum: [redacted]"
    ]


def test_the_projects_own_messages_are_kept():
    path = str(ROOT / "channels" / "input_gate.py")
    message = "A message of %d characters (channel %s) in %d parts."
    record = logging.LogRecord("channels", 30, path, 173, message, (20_000, "rest", 3), None)
    log_privacy.redact_record(record)

    assert record.getMessage() == "A message of 20000 characters (channel rest) in 3 parts."


def test_only_the_projects_packages_count_as_own_code():
    assert log_privacy.is_own_code(str(ROOT / "channels" / "server.py"))
    assert log_privacy.is_own_code(str(ROOT / "escalation" / "worker.py"))
    assert not log_privacy.is_own_code(str(ROOT / "tests" / "clinic" / "test_log_privacy.py"))
    assert not log_privacy.is_own_code(logging.__file__)
    assert not log_privacy.is_own_code(rasa_sdk.utils.__file__)


def test_a_record_changed_after_the_check_is_checked_again():
    record = logging.LogRecord("vendor", logging.INFO, "/elsewhere/x.py", 1, "hello", (), None)
    log_privacy.redact_record(record)
    record.__dict__.update(logging.makeLogRecord({"msg": "%s", "args": (NAME,)}).__dict__)

    LogPrivacyFilter().filter(record)

    assert leaked(record.getMessage()) == []


def test_sanic_access_log_loses_the_query_string():
    extra = {"request": f"GET /x?q={PHONE}"}
    record = logging.getLogger("sanic.access").makeRecord(
        "sanic.access", logging.INFO, __file__, 1, "", (), None, extra=extra
    )
    LogPrivacyFilter().filter(record)

    assert record.request == f"GET /x?{PLACEHOLDER}"  # type: ignore[attr-defined]


# -- It never fails -------------------------------------------------------------------------------


class Broken:
    def __str__(self) -> str:
        raise RuntimeError("no text")

    __repr__ = __str__


@pytest.mark.parametrize(
    "changes",
    [
        {"msg": Broken()},
        {"args": (Broken(), SENTENCE)},
        {"args": [SENTENCE]},
        {"pathname": None},
        {"lineno": None},
        {"exc_info": (None, SENTENCE, None)},
        {"exc_info": True, "exc_text": SENTENCE},
    ],
)
def test_an_odd_record_is_redacted_without_raising(changes: dict):
    record = logging.LogRecord("rasa", logging.INFO, "/elsewhere/x.py", 1, "%s", (SENTENCE,), None)
    record.__dict__.update(changes)

    assert log_privacy.redact_record(record) is record
    assert leaked(f"{record.msg} {record.args} {record.exc_text}") == []


def test_a_record_that_cannot_be_checked_gets_a_placeholder(monkeypatch: pytest.MonkeyPatch):
    def fail(_: logging.LogRecord) -> None:
        raise RuntimeError("broken")

    monkeypatch.setattr(log_privacy, "_redact_message", fail)
    record = logging.LogRecord("rasa", logging.INFO, __file__, 1, "%s", (SENTENCE,), None)

    assert LogPrivacyFilter().filter(record) is True
    assert record.getMessage() == "[redacted] (a log record of rasa could not be checked)"


def test_a_structlog_event_that_cannot_be_checked_gets_a_placeholder():
    class Exploding(dict):
        def pop(self, *_: Any) -> Any:
            raise RuntimeError("broken")

    assert log_privacy.redact_event_dict(None, "debug", Exploding(text=SENTENCE)) == {
        "event": PLACEHOLDER
    }


# -- Installation ---------------------------------------------------------------------------------


def test_install_covers_existing_handlers_and_later_ones_once(logs: Lines):
    factory = logging.getLogRecordFactory()
    log_privacy.install()
    assert logging.getLogRecordFactory() is factory  # not wrapped twice
    assert sum(isinstance(f, LogPrivacyFilter) for f in logs.filters) == 1

    # A logger that does not propagate, with a handler of its own added after install().
    private = logging.getLogger("vendor.private")
    private.propagate = False
    own_handler = Lines()
    private.addHandler(own_handler)
    try:
        private.error(f"Exception while handling {SENTENCE}")
    finally:
        private.removeHandler(own_handler)
    assert own_handler.lines == ["ERROR vendor.private Exception while handling [redacted]"]

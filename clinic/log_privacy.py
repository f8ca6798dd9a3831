"""Keeps patient text out of every log, whoever writes it: Rasa, rasa-sdk, sanic or this project.

Rasa and its libraries log what patients write: Rasa 3.6's structured debug lines
(`processor.message.parse`, `processor.actions.log` ...) carry the text, the slots and the bot's
replies; its REST channel logs the text of a failed message with a traceback that lists the
local variables; f-string debug lines carry slot values and events; exceptions carry the input
in their messages. This module rewrites every log record before any handler sees it, without
knowing what the patient wrote: by construction, a record keeps only what cannot be patient data.

- **This project's code** (the packages in `OWN_PACKAGES`, reviewed and tested never to log
  patient data) keeps its messages; only exceptions are reduced (below).
- **Anyone else's code**: a record keeps the text written at its logging call in the source code
  (the literal parts of its message, read from the call site), and of everything put into it
  (f-string and `str.format` fields, `%` arguments) only numbers and identifiers: snake_case names
  (intents, actions, slots, forms, responses) and short numbers (counts, confidences, times).
  Everything else becomes `[redacted]`. A message whose call site cannot be read is replaced as a
  whole, with its length.
- **Exceptions** keep their type and traceback (file, line, function, code), not their message,
  unless the exception class is this project's own; no local variables.
- **Rasa's structured (structlog) events** keep their event name, the intent (name and
  confidence), action names, `event_info` and numbers; every other value becomes `[redacted]`.
- **Warnings** (printed, not logged) go through the same rule as foreign log messages, except
  deprecation and import warnings, which are about code.

`install()` puts it in place in a process: a log record factory (every record, whichever logger
and handler, also those added later), a filter on every handler there is, and (once Rasa has set
up structlog) a structlog processor. The filter never raises: a record it cannot check is
replaced by a placeholder.
"""

from __future__ import annotations

import ast
import functools
import linecache
import logging
import os
import re
import string
import sys
import traceback
import warnings
from pathlib import Path
from typing import (
    Any,
    Callable,
    Dict,
    Final,
    List,
    Mapping,
    MutableMapping,
    Optional,
    TextIO,
    Tuple,
    Type,
    Union,
)

# --- Settings (one place) ----------------------------------------------------------------------

#: What replaces anything that might be patient data.
PLACEHOLDER: Final = "[redacted]"
#: Top-level folders of this project's own code (their log calls keep their messages).
OWN_PACKAGES: Final = frozenset(
    {"actions", "channels", "clinic", "components", "escalation", "rasa_sdk_plugins", "scripts"}
)
#: The project's root folder (the parent of clinic/).
PROJECT_ROOT: Final = Path(os.path.realpath(__file__)).parent.parent
#: A value put into a foreign log message that is kept: a snake_case name with at least one
#: underscore (`action_listen`, `utter_ask_contact_name`, `faq/ice_or_heat`), or a number of at
#: most six digits (counts, confidences, seconds). Names, phone numbers and sentences are
#: neither: names have no underscore, phone numbers have more digits, sentences have spaces.
SAFE_VALUE: Final = re.compile(
    r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:/[a-z0-9_]+)?|-?\d{1,6}(?:\.\d{1,6})?(?:e-?\d{1,3})?"
)
#: An intent or action name in Rasa's structured events (set by the NLU or a policy).
IDENTIFIER: Final = re.compile(r"[a-z_][a-z0-9_]*(?:/[a-z0-9_]+)?")
#: A structured event's name (`processor.message.parse`).
EVENT_NAME: Final = re.compile(r"[A-Za-z0-9_.\-]{1,100}")
#: Structured-event keys whose string values are kept (checked as below).
EVENT_TEXT_KEYS: Final = frozenset({"event", "event_info", "event_key", "log_level", "timestamp"})
#: Structured-event keys holding an intent or action name.
EVENT_NAME_KEYS: Final = frozenset({"action_name", "action_extract_slot", "policy_name"})
#: Structured-event key holding the predicted intent ({"name": ..., "confidence": ...}).
EVENT_INTENT_KEY: Final = "parse_data_intent"
#: Calls whose message argument is read from the source as a template: logging methods,
#: `warnings.warn` and Rasa's `raise_warning` (`log(level, msg)` has it second).
MESSAGE_CALLS: Final = frozenset(
    {
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "fatal",
        "log",
        "raise_warning",
        "raise_deprecation_warning",
    }
)
#: At most this many exceptions of a chain (`__cause__`, `__context__`) are shown.
MAX_EXCEPTION_CHAIN: Final = 10
#: Source files whose call sites are kept parsed.
MAX_PARSED_FILES: Final = 1024
#: Warnings about code (deprecated APIs, imports), shown as they are: they are raised while
#: modules load or APIs are called, often at another line than the one that wrote them.
CODE_WARNINGS: Final = (DeprecationWarning, PendingDeprecationWarning, ImportWarning)
#: Python's words between the exceptions of a chain (`traceback` prints them the same way).
CAUSE_LINK: Final = "The above exception was the direct cause of the following exception:"
CONTEXT_LINK: Final = "During handling of the above exception, another exception occurred:"
#: Marks a record that was checked (with what it was left with), and the record factory and
#: warning display that check.
_CHECKED: Final = "_clinic_log_privacy"

Part = Optional[str]  # a literal of the message template, or None for a value put into it


class RedactedText(str):
    """A message that was built from redacted values only (a rendered structlog event)."""


# --- Values ------------------------------------------------------------------------------------


def _is_own_exception(error: BaseException) -> bool:
    return type(error).__module__.split(".")[0] in OWN_PACKAGES


def exception_name(error: BaseException) -> str:
    """Returns an exception's type name, with its module unless it is a built-in.

    Args:
        error: Any exception.

    Returns:
        E.g. `ValueError`, `aiohttp.client_exceptions.ClientConnectorError`.
    """
    kind = type(error)
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def describe_exception(error: BaseException) -> str:
    """Returns an exception as a log may show it: its type, and its message only if it is ours.

    Args:
        error: Any exception.

    Returns:
        `ValueError` for anyone else's exceptions (their messages often quote the input);
        `escalation.db.StoreError: database error (OperationalError)` for this project's own,
        whose messages never hold patient data.
    """
    if _is_own_exception(error):
        return f"{exception_name(error)}: {error}"
    return exception_name(error)


def safe_value(value: object) -> object:
    """Returns a value put into a foreign log message, or the placeholder.

    Args:
        value: A `%` argument or the text of an f-string or `str.format` field.

    Returns:
        Numbers, booleans and None as they are; an exception's description; a string matching
        `SAFE_VALUE`; else `PLACEHOLDER`.
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, BaseException):
        return describe_exception(value)
    if isinstance(value, str) and SAFE_VALUE.fullmatch(value):
        return value
    return PLACEHOLDER


def _own_value(value: object) -> object:
    return describe_exception(value) if isinstance(value, BaseException) else value


def _map_args(args: Any, convert: Callable[[object], object]) -> Any:
    if isinstance(args, Mapping):
        return {key: convert(value) for key, value in args.items()}
    if isinstance(args, tuple):
        return tuple(convert(value) for value in args)
    return convert(args)


# --- Tracebacks --------------------------------------------------------------------------------


def _exception_chain(error: BaseException) -> List[Tuple[BaseException, str]]:
    """The chain from the outermost exception inwards, each with how the next one led to it."""
    chain: List[Tuple[BaseException, str]] = []
    seen = set()
    current: Optional[BaseException] = error
    link = ""
    while current is not None and id(current) not in seen and len(chain) < MAX_EXCEPTION_CHAIN:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, CAUSE_LINK
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, CONTEXT_LINK
        else:
            current = None
    return chain


def format_exception_safely(error: BaseException) -> str:
    """Formats an exception like a traceback, without exception messages or local variables.

    Args:
        error: The exception.

    Returns:
        Python's traceback layout (innermost cause first): the frames (file, line, function,
        code line) and `describe_exception` in place of each exception line.
    """
    blocks = []
    for item, link in reversed(_exception_chain(error)):
        frames = "".join(traceback.format_list(traceback.extract_tb(item.__traceback__)))
        block = "Traceback (most recent call last):\n" + frames + describe_exception(item)
        blocks.append(block + (f"\n\n{link}\n" if link else ""))
    return "\n".join(blocks)


# --- Templates of foreign log calls ------------------------------------------------------------


def _parts(node: ast.expr) -> List[Part]:
    """The literal parts (str) and inserted values (None) of a log call's message expression."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [
            value.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str)
            else None
            for value in node.values
        ]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _parts(node.left) + _parts(node.right)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return _format_parts(node.func.value.value)
    return [None]


def _format_parts(template: str) -> List[Part]:
    parts: List[Part] = []
    try:
        for literal, field_name, _, _ in string.Formatter().parse(template):
            parts.append(literal)
            if field_name is not None:
                parts.append(None)
    except ValueError:
        return [None]
    return parts


class Template:
    """The message of one logging call in the source: literal text with values put in.

    Args:
        parts: Literal parts (str) and inserted values (None), in order.
    """

    def __init__(self, parts: List[Part]) -> None:
        merged: List[Part] = []
        for part in parts:
            if part == "" or (part is None and merged and merged[-1] is None):
                continue
            if part is not None and merged and merged[-1] is not None:
                merged[-1] = f"{merged[-1]}{part}"
            else:
                merged.append(part)
        self.parts = merged  # literals and values alternate

    def _literal_at(self, message: str, index: int, literal: str, position: int) -> int:
        """Where `literal` (part `index`) starts in `message`, at or after `position`, or -1."""
        if index == len(self.parts) - 1:
            start = len(message) - len(literal)
            fits = start >= position and message.endswith(literal)
        else:
            start = message.find(literal, position)
            fits = start >= 0
        return start if fits and (index > 0 or start == 0) else -1

    def values(self, message: str) -> Optional[List[str]]:
        """Splits a message made by this call into its inserted values (leftmost literals first).

        Args:
            message: The record's message (before `%` formatting).

        Returns:
            The inserted values in order, or None if the message does not fit the template.
        """
        values: List[str] = []
        position = 0
        for index, part in enumerate(self.parts):
            if part is None:
                continue
            start = self._literal_at(message, index, part, position)
            if start < 0:
                return None
            if index > 0:
                values.append(message[position:start])
            position = start + len(part)
        if self.parts and self.parts[-1] is None:
            values.append(message[position:])
        elif position != len(message):
            return None
        return values

    def render(self, message: str) -> Optional[str]:
        """Returns the message with every inserted value checked, or None if it is not this one.

        Args:
            message: The record's message (before `%` formatting).

        Returns:
            The literal parts as they are, each inserted value through `safe_value`. Found in
            one pass, leftmost first: a value that contains a literal of the template only moves
            the boundary between two values, which are both checked.
        """
        values = self.values(message)
        if values is None:
            return None
        checked = iter(values)
        return "".join(
            str(safe_value(next(checked))) if part is None else part for part in self.parts
        )


def _called_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return node.func.id if isinstance(node.func, ast.Name) else ""


def _log_call_message(node: ast.Call) -> Optional[ast.expr]:
    """The message argument of a call in `MESSAGE_CALLS` (`debug(msg)`, `log(level, msg)`)."""
    name = _called_name(node)
    if name not in MESSAGE_CALLS:
        return None
    for keyword in node.keywords:
        if keyword.arg == "msg":
            return keyword.value
    position = 1 if name == "log" else 0
    return node.args[position] if len(node.args) > position else None


@functools.lru_cache(maxsize=MAX_PARSED_FILES)
def _call_sites(path: str) -> Dict[int, Tuple[Template, ...]]:
    """The message templates of the logging calls in a source file, by line."""
    source = "".join(linecache.getlines(path))
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {}
    sites: Dict[int, List[Template]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        message = _log_call_message(node)
        if message is None:
            continue
        template = Template(_parts(message))
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
            sites.setdefault(line, []).append(template)
    return {line: tuple(templates) for line, templates in sites.items()}


def redact_text(message: str, pathname: str, lineno: int) -> str:
    """Returns a log or warning message as it may be shown, given where it was written.

    Args:
        message: The message (a log record's before `%` formatting, or a warning's).
        pathname: The source file of the call that made it.
        lineno: The line of that call.

    Returns:
        The message itself when the call is in this project's code; else the literal text of
        the call's message template with every inserted value through `safe_value`, or, when
        no template of a call at that line fits, the placeholder with the message's length.
    """
    if is_own_code(pathname):
        return message
    for template in _call_sites(pathname).get(lineno, ()):
        rendered = template.render(message)
        if rendered is not None:
            return rendered
    if SAFE_VALUE.fullmatch(message):
        return message
    return f"{PLACEHOLDER} ({len(message)} characters)"


def _foreign_message(record: logging.LogRecord) -> str:
    message = record.msg
    if isinstance(message, BaseException):
        return describe_exception(message)
    if not isinstance(message, str):
        return PLACEHOLDER
    return redact_text(message, record.pathname, record.lineno)


# --- Records -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=MAX_PARSED_FILES)
def is_own_code(pathname: str) -> bool:
    """Tells whether a source file is this project's own code (see `OWN_PACKAGES`).

    Args:
        pathname: A log record's `pathname`.

    Returns:
        True for a file in one of the project's packages (not in a virtualenv).
    """
    try:
        relative = Path(os.path.realpath(pathname)).relative_to(PROJECT_ROOT)
    except (ValueError, OSError):
        return False
    return len(relative.parts) > 1 and relative.parts[0] in OWN_PACKAGES


def _format(message: str, args: Any) -> str:
    if not args:
        return message
    try:
        return message % args
    except (TypeError, ValueError, KeyError):
        return message


def _redact_message(record: logging.LogRecord) -> None:
    if isinstance(record.msg, RedactedText):
        return
    if is_own_code(record.pathname):
        record.msg = _own_value(record.msg)
        if record.args:
            record.args = _map_args(record.args, _own_value)
        return
    record.msg = _format(_foreign_message(record), _map_args(record.args, safe_value))
    record.args = ()


def _redact_exception(record: logging.LogRecord) -> None:
    exc_info = record.exc_info
    if exc_info and isinstance(exc_info, tuple) and isinstance(exc_info[1], BaseException):
        record.exc_text = format_exception_safely(exc_info[1])
    elif record.exc_text:
        record.exc_text = f"{PLACEHOLDER} (traceback)"
    record.exc_info = None


def _redact_extras(record: logging.LogRecord) -> None:
    """Sanic's access log puts the request line in `request`: its query string goes."""
    request = record.__dict__.get("request")
    if isinstance(request, str) and "?" in request:
        record.request = request.split("?", 1)[0] + "?" + PLACEHOLDER


def _is_checked(record: logging.LogRecord) -> bool:
    """Whether the record is as `redact_record` left it (not changed since, e.g. by `extra`)."""
    checked = record.__dict__.get(_CHECKED)
    return (
        isinstance(checked, tuple)
        and checked[0] is record.msg
        and checked[1] is record.args
        and checked[2] is record.exc_text
        and record.exc_info is None
    )


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Rewrites a log record so that it carries no patient data (in place; never raises).

    Args:
        record: Any log record.

    Returns:
        The same record: message and arguments as described in the module docstring, the
        exception as `format_exception_safely` shows it. A record that cannot be checked gets a
        placeholder message.
    """
    try:
        if not _is_checked(record):
            _redact_message(record)
            _redact_exception(record)
            record.__dict__[_CHECKED] = (record.msg, record.args, record.exc_text)
        _redact_extras(record)
    except Exception:  # a log call must not fail, nor leak what it could not check
        record.msg = f"{PLACEHOLDER} (a log record of {record.name} could not be checked)"
        record.args = ()
        record.exc_info = None
        record.exc_text = None
    return record


class LogPrivacyFilter(logging.Filter):
    """A handler filter that passes every record, after `redact_record`."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redacts the record.

        Args:
            record: The record.

        Returns:
            True (the record is kept, redacted).
        """
        redact_record(record)
        return True


# --- Rasa's structured events (structlog) ------------------------------------------------------


def _event_value(key: str, value: object) -> object:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        if key in EVENT_TEXT_KEYS and (key != "event" or EVENT_NAME.fullmatch(value)):
            return value
        if key in EVENT_NAME_KEYS and IDENTIFIER.fullmatch(value):
            return value
    if key == EVENT_INTENT_KEY and isinstance(value, Mapping):
        name, confidence = value.get("name"), value.get("confidence")
        return {
            "name": name if isinstance(name, str) and IDENTIFIER.fullmatch(name) else PLACEHOLDER,
            "confidence": confidence if isinstance(confidence, int | float) else None,
        }
    return PLACEHOLDER


def _exception_of(exc_info: object) -> Optional[BaseException]:
    if isinstance(exc_info, BaseException):
        return exc_info
    if isinstance(exc_info, tuple) and len(exc_info) == 3:
        return exc_info[1] if isinstance(exc_info[1], BaseException) else None
    if exc_info is True:
        return sys.exc_info()[1]
    return None


def redact_event_dict(_: object, __: str, event_dict: MutableMapping[str, Any]) -> Dict[str, Any]:
    """A structlog processor that keeps what cannot be patient data (see the module docstring).

    Args:
        _: The wrapped logger.
        __: The method name.
        event_dict: The event.

    Returns:
        The event with every other value replaced by `PLACEHOLDER`, and `exc_info` replaced by
        `exception` (`format_exception_safely`).
    """
    try:
        error = _exception_of(event_dict.pop("exc_info", None))
        redacted = {key: _event_value(key, value) for key, value in event_dict.items()}
        if error is not None:
            redacted["exception"] = format_exception_safely(error)
        return redacted
    except Exception:
        return {"event": PLACEHOLDER}


class _MarkRedacted:
    """Wraps structlog's renderer: its output, made of redacted values, is marked as such."""

    def __init__(self, renderer: Callable[..., Any]) -> None:
        self.renderer = renderer

    def __call__(self, logger: object, name: str, event_dict: Dict[str, Any]) -> Any:
        rendered = self.renderer(logger, name, event_dict)
        return RedactedText(rendered) if isinstance(rendered, str) else rendered


def install_structlog() -> bool:
    """Puts `redact_event_dict` first in structlog's processors (call after Rasa configured it).

    Returns:
        Whether structlog is installed (and now redacts).
    """
    try:
        import structlog
    except ImportError:
        return False
    processors = list(structlog.get_config()["processors"])
    if processors and processors[0] is redact_event_dict:
        return True
    if processors:
        processors[-1] = _MarkRedacted(processors[-1])
    structlog.configure(processors=[redact_event_dict, *processors])
    return True


# --- Installation ------------------------------------------------------------------------------


def _install_record_factory() -> None:
    current = logging.getLogRecordFactory()
    if getattr(current, _CHECKED, False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(current(*args, **kwargs))

    setattr(factory, _CHECKED, True)
    logging.setLogRecordFactory(factory)


def _install_warning_display() -> None:
    """Warnings are printed (not logged): their message goes through `redact_text`.

    Except for `CODE_WARNINGS`, which are about the code, not about what it was given.
    """
    current = warnings.showwarning
    if getattr(current, _CHECKED, False):
        return

    def show(
        message: Union[Warning, str],
        category: Type[Warning],
        filename: str,
        lineno: int,
        file: Optional[TextIO] = None,
        line: Optional[str] = None,
    ) -> None:
        try:
            text = str(message)
            if not issubclass(category, CODE_WARNINGS):
                text = redact_text(text, filename, lineno)
        except Exception:
            text = PLACEHOLDER
        current(text, category, filename, lineno, file, line)

    setattr(show, _CHECKED, True)
    warnings.showwarning = show


def _handlers() -> List[logging.Handler]:
    loggers: List[Union[logging.Logger, logging.PlaceHolder]] = [logging.getLogger()]
    loggers += list(logging.Logger.manager.loggerDict.values())
    handlers = [h for lg in loggers if isinstance(lg, logging.Logger) for h in lg.handlers]
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    return handlers


def install() -> None:
    """Keeps patient data out of this process's logs from now on (safe to call again).

    Installs the record factory (every record from now on), a `LogPrivacyFilter` on every
    handler of every logger (call again after a library added handlers), the display of
    warnings and, when structlog is loaded, the structlog processor.
    """
    _install_record_factory()
    _install_warning_display()
    for handler in _handlers():
        if not any(isinstance(f, LogPrivacyFilter) for f in handler.filters):
            handler.addFilter(LogPrivacyFilter())
    if "structlog" in sys.modules:
        install_structlog()

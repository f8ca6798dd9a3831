"""Loads and checks the red-flag rules file, `knowledge/red_flags.yml`.

The file has one entry per red flag of `red-flags.md` (id, reference row, urgency, what it may
indicate, guidance, patterns, exclusions, modifiers), named term groups the patterns combine,
and the guidance documents the flags rest on. This module turns it into immutable objects and
refuses a file that is incomplete or inconsistent, so a broken rule fails loudly at start-up
instead of silently missing a flag.

Pattern items (in `terms.<NAME>.match`, `terms.<NAME>.exclude` and `flags[].patterns`):
- a string: a phrase, matched on spaCy's NORM attribute (so "can't", "cant" and "cannot" agree);
- a list of mappings: a spaCy `Matcher` token pattern (LOWER, LEMMA, NORM, REGEX, IN, OP ...);
- in `terms` only, a single mapping: a one-token pattern;
- in `flags` only, `{all: [TERM, [TERM_A, TERM_B], ...], scope: clause|sentence|message,
  window: N, unless: [TERM]}`: every element (a term, or any of a list of terms) occurs in the
  same scope, at most N tokens from first to last, and no `unless` term is in the sentence.
  `{all: [TERM]}` makes a term alone a mention.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple, Union

import yaml

from clinic.contract import ADVICE_AMBULANCE, ADVICE_NO_DRIVING, PROJECT_ROOT, is_urgency
from clinic.contract import RED_FLAG_RULES_PATH as DEFAULT_RULES_PATH
from components.red_flag_rule_types import (
    Combo,
    FlagPattern,
    FlagRule,
    Modifier,
    PatternItem,
    Phrase,
    RuleFileError,
    RuleSet,
    Term,
    Tokens,
)

SCOPES = ("clause", "sentence", "message")
ADVICE_VALUES = (ADVICE_NO_DRIVING, ADVICE_AMBULANCE)

__all__ = [
    "Combo",
    "FlagRule",
    "Phrase",
    "RuleFileError",
    "RuleSet",
    "Tokens",
    "load_rules",
    "parse_rules",
    "resolve_path",
]


def resolve_path(path: Union[str, Path]) -> Path:
    """Finds a project file from the working directory or, failing that, the project root.

    Args:
        path: Absolute, or relative to the project root.

    Returns:
        The path to use (it may not exist).
    """
    candidate = Path(path)
    if candidate.is_absolute() or candidate.exists():
        return candidate
    return PROJECT_ROOT / candidate


def load_rules(path: Union[str, Path] = DEFAULT_RULES_PATH) -> RuleSet:
    """Reads and checks the rules file.

    Args:
        path: The YAML file.

    Returns:
        The rules.

    Raises:
        RuleFileError: If the file cannot be read or breaks the schema.
    """
    resolved = resolve_path(path)
    try:
        content = yaml.safe_load(resolved.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RuleFileError(f"cannot read {resolved}: {error}") from error
    return parse_rules(content)


def parse_rules(content: Any) -> RuleSet:
    """Builds the rules from the parsed YAML.

    Args:
        content: The parsed file.

    Returns:
        The rules.

    Raises:
        RuleFileError: If something is missing or inconsistent.
    """
    if not isinstance(content, dict):
        raise RuleFileError("the rules file must be a mapping")
    sources = content.get("guidance_sources")
    if not isinstance(sources, dict) or not sources:
        raise RuleFileError("`guidance_sources` must map ids to titles")
    guidance_sources = {
        str(key): _text(value, f"guidance_sources.{key}") for key, value in sources.items()
    }
    raw_terms = content.get("terms")
    if not isinstance(raw_terms, dict) or not raw_terms:
        raise RuleFileError("`terms` must be a non-empty mapping")
    terms = {str(name): _parse_term(str(name), value) for name, value in raw_terms.items()}
    raw_flags = content.get("flags")
    if not isinstance(raw_flags, list) or not raw_flags:
        raise RuleFileError("`flags` must be a non-empty list")
    flags = tuple(_parse_flag(entry, index) for index, entry in enumerate(raw_flags))
    rules = RuleSet(flags=flags, terms=terms, guidance_sources=guidance_sources)
    _check_references(rules)
    return rules


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleFileError(f"{where}: expected a non-empty string")
    return " ".join(value.split())


def _names(value: Any, where: str) -> Tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleFileError(f"{where}: expected a list of names")
    return tuple(value)


def _alternatives(value: Any, where: str) -> Tuple[Tuple[str, ...], ...]:
    """Term names, each alone or a list of names that go together: `[A, [B, C]]`."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RuleFileError(f"{where}: expected a list of names or lists of names")
    return tuple(
        _names(item, f"{where}[{i}]") if isinstance(item, list) else _names([item], where)
        for i, item in enumerate(value)
    )


_STRING_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "LEMMA"}


def _string_value(value: Any, where: str) -> Any:
    """Makes YAML scalars of string attributes strings: 1 -> "1"; yes/no/on/off are errors."""
    if isinstance(value, bool):
        raise RuleFileError(f"{where}: YAML read a yes/no/on/off word as a boolean; quote it")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return [_string_value(item, where) for item in value]
    if isinstance(value, dict):
        return {
            key: _string_value(item, where) if key in ("IN", "NOT_IN") else item
            for key, item in value.items()
        }
    return value


def _token(token: Dict[str, Any], where: str) -> Dict[str, Any]:
    return {
        key: _string_value(value, f"{where}.{key}") if key in _STRING_ATTRS else value
        for key, value in token.items()
    }


def _token_pattern(value: Sequence[Any], where: str) -> Tokens:
    if not value or not all(isinstance(token, dict) for token in value):
        raise RuleFileError(f"{where}: a token pattern is a non-empty list of mappings")
    return Tokens(pattern=tuple(_token(token, where) for token in value))


def _pattern_item(value: Any, where: str, allow_single_token: bool) -> PatternItem:
    if isinstance(value, str):
        return Phrase(text=_text(value, where))
    if isinstance(value, list):
        return _token_pattern(value, where)
    if allow_single_token and isinstance(value, dict):
        return Tokens(pattern=(_token(value, where),))
    raise RuleFileError(f"{where}: expected a phrase or a token pattern, got {value!r}")


def _parse_term(name: str, value: Any) -> Term:
    where = f"terms.{name}"
    if not name.isupper():
        raise RuleFileError(f"{where}: term names are upper case")
    if not isinstance(value, dict) or not isinstance(value.get("match"), list):
        raise RuleFileError(f"{where}: needs a `match` list")
    match = tuple(
        _pattern_item(item, f"{where}.match[{i}]", True) for i, item in enumerate(value["match"])
    )
    exclude = tuple(
        _pattern_item(item, f"{where}.exclude[{i}]", True)
        for i, item in enumerate(value.get("exclude") or [])
    )
    if not match:
        raise RuleFileError(f"{where}: `match` is empty")
    return Term(name=name, match=match, exclude=exclude, description=value.get("description", ""))


def _parse_combo(value: Dict[str, Any], where: str) -> Combo:
    raw = value.get("all")
    if not isinstance(raw, list) or not raw:
        raise RuleFileError(f"{where}: `all` needs at least one element")
    elements: List[Tuple[str, ...]] = []
    for i, element in enumerate(raw):
        names = (element,) if isinstance(element, str) else _names(element, f"{where}.all[{i}]")
        if not names:
            raise RuleFileError(f"{where}.all[{i}]: empty element")
        elements.append(names)
    scope = value.get("scope", "clause")
    if scope not in SCOPES:
        raise RuleFileError(f"{where}: scope must be one of {SCOPES}")
    window = value.get("window")
    if window is not None and (not isinstance(window, int) or window < 1):
        raise RuleFileError(f"{where}: window must be a positive integer")
    unknown = set(value) - {"all", "scope", "window", "unless"}
    if unknown:
        raise RuleFileError(f"{where}: unknown keys {sorted(unknown)}")
    return Combo(
        elements=tuple(elements),
        scope=scope,
        window=window,
        unless=_names(value.get("unless"), f"{where}.unless"),
    )


def _parse_pattern(value: Any, where: str) -> FlagPattern:
    if isinstance(value, dict):
        return _parse_combo(value, where)
    return _pattern_item(value, where, False)


def _parse_modifier(value: Any, where: str) -> Modifier:
    if not isinstance(value, dict):
        raise RuleFileError(f"{where}: expected a mapping")
    urgency = value.get("urgency")
    if not is_urgency(urgency):
        raise RuleFileError(f"{where}: unknown urgency {urgency!r}")
    scope = value.get("scope", "message")
    if scope not in ("sentence", "message"):
        raise RuleFileError(f"{where}: scope must be sentence or message")
    modifier = Modifier(
        urgency=str(urgency),
        when_flags=_names(value.get("when_flags"), f"{where}.when_flags"),
        when_terms=_names(value.get("when_terms"), f"{where}.when_terms"),
        scope=scope,
        reason=str(value.get("reason", "")),
    )
    if not modifier.when_flags and not modifier.when_terms:
        raise RuleFileError(f"{where}: needs `when_flags` or `when_terms`")
    return modifier


def _parse_flag(entry: Any, index: int) -> FlagRule:
    where = f"flags[{index}]"
    if not isinstance(entry, dict):
        raise RuleFileError(f"{where}: expected a mapping")
    flag_id = _text(entry.get("id"), f"{where}.id")
    where = f"flags[{flag_id}]"
    if not flag_id.replace("_", "").isalnum() or not flag_id.islower():
        raise RuleFileError(f"{where}: ids are lower-case snake_case")
    urgency = entry.get("urgency")
    if not is_urgency(urgency):
        raise RuleFileError(f"{where}: unknown urgency {urgency!r}")
    guidance = _names(entry.get("guidance"), f"{where}.guidance")
    if not guidance:
        raise RuleFileError(f"{where}: `guidance` must name at least one document")
    raw_patterns = entry.get("patterns")
    if not isinstance(raw_patterns, list) or not raw_patterns:
        raise RuleFileError(f"{where}: `patterns` must be a non-empty list")
    advice = entry.get("advice")
    if advice is not None and advice not in ADVICE_VALUES:
        raise RuleFileError(f"{where}: advice must be one of {ADVICE_VALUES}")
    return FlagRule(
        id=flag_id,
        reference=_text(entry.get("reference"), f"{where}.reference"),
        description=_text(entry.get("description"), f"{where}.description"),
        urgency=str(urgency),
        may_indicate=_text(entry.get("may_indicate"), f"{where}.may_indicate"),
        guidance=guidance,
        patterns=tuple(
            _parse_pattern(item, f"{where}.patterns[{i}]") for i, item in enumerate(raw_patterns)
        ),
        unless=_names(entry.get("unless"), f"{where}.unless"),
        advice=advice,
        modifiers=tuple(
            _parse_modifier(item, f"{where}.modifiers[{i}]")
            for i, item in enumerate(entry.get("modifiers") or [])
        ),
        label=_text(entry["label"], f"{where}.label") if "label" in entry else "",
        model_needs=_alternatives(entry.get("model_needs"), f"{where}.model_needs"),
        model_unless=_names(entry.get("model_unless"), f"{where}.model_unless"),
    )


def _check_references(rules: RuleSet) -> None:
    ids = [flag.id for flag in rules.flags]
    duplicates = sorted({flag_id for flag_id in ids if ids.count(flag_id) > 1})
    if duplicates:
        raise RuleFileError(f"duplicate flag ids: {duplicates}")
    for flag in rules.flags:
        where = f"flags[{flag.id}]"
        unknown_guidance = [g for g in flag.guidance if g not in rules.guidance_sources]
        if unknown_guidance:
            raise RuleFileError(f"{where}: unknown guidance {unknown_guidance}")
        used_terms = [*flag.unless, *flag.model_unless]
        used_terms += [t for terms in flag.model_needs for t in terms]
        for pattern in flag.patterns:
            if isinstance(pattern, Combo):
                used_terms.extend(name for element in pattern.elements for name in element)
                used_terms.extend(pattern.unless)
        for modifier in flag.modifiers:
            used_terms.extend(modifier.when_terms)
            unknown_flags = [f for f in modifier.when_flags if f not in ids]
            if unknown_flags:
                raise RuleFileError(f"{where}: modifier names unknown flags {unknown_flags}")
        unknown_terms = sorted({name for name in used_terms if name not in rules.terms})
        if unknown_terms:
            raise RuleFileError(f"{where}: unknown terms {unknown_terms}")

"""Checking a policy document: the schema, then what a schema cannot say.

Every problem is one line, `path: message`, the path in the form
`frequency.individual.asye[1].target`. For a value that matches none of the
shapes a field allows (an interval, a rule, a list of phases), the message is
the one of the shape the value was meant to have.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from supervisiondesk.compliance.intervals import Interval, parse_interval

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "policy.schema.json"


@cache
def policy_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = policy_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def schema_problems(document: Any) -> list[str]:
    """Every schema error as `path: message`, sorted by path."""
    found = []
    for error in _validator().iter_errors(document):
        error = _most_specific(error)
        found.append((list(error.absolute_path), _describe(error)))
    found.sort(key=lambda item: [str(part) for part in item[0]])
    return [message for _path, message in found]


def _most_specific(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For a value matching none of a oneOf's shapes, the error of the shape it
    was meant to have: of the shapes its type fits, the one whose error lies
    deepest, then the one with fewest errors."""
    leaves = _leaves([error])
    return max(leaves, key=lambda e: len(e.absolute_path))


def _leaves(errors: list[jsonschema.ValidationError]) -> list[jsonschema.ValidationError]:
    found = []
    for each in errors:
        fitting = [b for b in _branches(each) if not _wrong_shape(b)] if each.context else []
        if each.validator != "oneOf" or not fitting:
            found.append(each)
            continue
        candidates = [_leaves(branch) for branch in fitting]
        found.extend(max(candidates, key=lambda leaves: (_depth(leaves), -len(leaves))))
    return found


def _branches(error: jsonschema.ValidationError) -> list[list[jsonschema.ValidationError]]:
    by_branch: dict[Any, list[jsonschema.ValidationError]] = {}
    for each in error.context or ():
        by_branch.setdefault(each.relative_schema_path[0], []).append(each)
    return list(by_branch.values())


def _wrong_shape(errors: list[jsonschema.ValidationError]) -> bool:
    """Whether a oneOf branch is for values of another type altogether."""
    for each in errors:
        if each.relative_path:
            continue
        if each.validator in ("type", "enum", "const"):
            return True
        if each.validator == "oneOf" and all(_wrong_shape(b) for b in _branches(each)):
            return True
    return False


def _depth(errors: list[jsonschema.ValidationError]) -> int:
    return max(len(each.absolute_path) for each in errors)


_TYPE_NAMES = {
    "integer": "a whole number",
    "null": "null",
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "number": "a number",
    "boolean": "true or false",
}


def _describe(error: jsonschema.ValidationError) -> str:
    path = format_path(error.absolute_path)
    value = error.instance
    if error.validator == "pattern" and error.schema.get("pattern") == _interval_pattern():
        return f"{path}: {value!r} is not an interval (7d, 6w, 1m...)"
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unexpected = sorted(set(value) - set(allowed))
        where = format_path([*error.absolute_path, unexpected[0]])
        return f"{where}: unknown setting (expected one of {', '.join(allowed)})"
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return f"{format_path([*error.absolute_path, missing])}: missing"
    if error.validator == "enum":
        choices = ", ".join("none" if c is None else str(c) for c in error.validator_value)
        if "propertyNames" in list(error.schema_path)[-3:]:
            # A key that is not one of the words: name the key itself.
            return (
                f"{format_path([*error.absolute_path, value])}: {value!r} is not one of {choices}"
            )
        return f"{path}: {value!r} is not one of {choices}"
    if error.validator == "type":
        types = (
            error.validator_value
            if isinstance(error.validator_value, list)
            else [error.validator_value]
        )
        expected = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
        keys = error.schema.get("properties")
        if keys:
            expected += f" with {', '.join(keys)}"
        return f"{path}: {value!r} is not {expected}"
    if error.validator == "oneOf":
        return f"{path}: {value!r} is not {_shape(error)}"
    return f"{path}: {error.message}"


def _shape(error: jsonschema.ValidationError) -> str:
    branches = error.validator_value
    rule = "a rule (an interval such as 1m, or target/maximum/first)"
    if any(branch.get("$ref", "").endswith("group_rules") for branch in branches):
        return "group rules (categories, by_service, other_teams) or none"
    if any(branch.get("type") == "array" for branch in branches):
        return f"{rule}, a list of phases or none"
    if any("high" in branch.get("properties", {}) for branch in branches):
        return f"{rule}, rules by risk (high, standard) or none"
    return f"{rule} or none"


@cache
def _interval_pattern() -> str:
    return policy_schema()["$defs"]["interval"]["pattern"]


def format_path(parts: Iterable[str | int]) -> str:
    """`frequency.individual.asye[1].target`; `(top level)` for the document."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


# Days from which "this interval is always longer than that one" is checked:
# four years cover every month length and leap year.
_REFERENCE_DAYS = tuple(date(2024, 1, 1) + timedelta(days=n) for n in range(4 * 366))


@cache
def always_shorter(a: Interval, b: Interval) -> bool:
    """Whether `a` ends before `b` from every start (6w < 2m, but not 30d < 1m)."""
    return all(a.after(day) < b.after(day) for day in _REFERENCE_DAYS)


def semantic_problems(document: Mapping[str, Any]) -> Iterator[str]:
    frequency = document["frequency"]
    for category, value in frequency["individual"].items():
        path = ["frequency", "individual", category]
        if isinstance(value, list):
            yield from _phase_problems(value, path)
        elif isinstance(value, dict):
            yield from _rule_problems(value, path)
    group = frequency.get("group")
    if isinstance(group, dict):
        for service, value in (group.get("by_service") or {}).items():
            if isinstance(value, dict):
                yield from _rule_problems(value, ["frequency", "group", "by_service", service])
        if isinstance(group.get("other_teams"), dict):
            yield from _rule_problems(group["other_teams"], ["frequency", "group", "other_teams"])
    for case_type, value in (frequency.get("case") or {}).items():
        path = ["frequency", "case", case_type]
        if isinstance(value, dict) and "target" in value:
            yield from _rule_problems(value, path)
        elif isinstance(value, dict):
            for risk, rule in value.items():
                if isinstance(rule, dict):
                    yield from _rule_problems(rule, [*path, risk])


def _rule_problems(rule: Mapping[str, str], path: list[str | int]) -> Iterator[str]:
    target, maximum = parse_interval(rule["target"]), rule.get("maximum")
    if maximum is not None and always_shorter(parse_interval(maximum), target):
        where = format_path([*path, "maximum"])
        yield f"{where}: '{maximum}' is shorter than the target '{target}'"


def _phase_problems(phases: list[Mapping[str, str]], path: list[str | int]) -> Iterator[str]:
    previous: Interval | None = None
    for index, phase in enumerate(phases):
        here = [*path, index]
        yield from _rule_problems(phase, here)
        last = index == len(phases) - 1
        if last and "until" in phase:
            yield (
                f"{format_path([*here, 'until'])}: the last phase has no 'until' "
                "(it is in force from the previous phase's end on)"
            )
        elif not last and "until" not in phase:
            yield f"{format_path([*here, 'until'])}: missing (every phase but the last ends)"
        elif not last:
            until = parse_interval(phase["until"])
            if previous is not None and not always_shorter(previous, until):
                yield (
                    f"{format_path([*here, 'until'])}: '{until}' does not come after "
                    f"the previous phase's until '{previous}'"
                )
            previous = until

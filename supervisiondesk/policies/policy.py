"""Supervision policies as data: the schema, the presets and the loader (compliance.md section 8).

A policy is a YAML or JSON document that validates against
`schema/policy.schema.json`; each preset in `presets/` is such a file, which
an organisation copies and edits. `load_policy` turns one into a `Policy`, a
tree of frozen dataclasses that the compliance engine reads. A bad file is
refused with `PolicyError`, naming the bad field by its path:
`frequency.individual.asye[1].target: 'fortnight' is not an interval`.

Pure Python: no Django, so the command line report runs without a database.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import yaml

from supervisiondesk.compliance.intervals import Interval, parse_interval

HERE = Path(__file__).resolve().parent
SCHEMA_PATH = HERE / "schema" / "policy.schema.json"
PRESETS_DIR = HERE / "presets"
RISKS = ("high", "standard")
DEFAULT_QUALIFYING_SESSIONS = {
    "individual": ("individual_formal",),
    "group": ("group",),
    "case": ("individual_formal", "group"),
}


class PolicyError(ValueError):
    """A policy that cannot be used; the message names the bad field by its path."""


# ------------------------------------------------------------------ the tree


@dataclass(frozen=True, slots=True)
class Rule:
    """How often: due `target` after the last event, overdue after `maximum`.

    `first`, where given, replaces both when there has been no qualifying
    event yet (Southwark induction: within the first week).
    """

    target: Interval
    maximum: Interval
    first: Interval | None = None


@dataclass(frozen=True, slots=True)
class Phase:
    rule: Rule
    until: Interval | None  # counted from the category's start; None: the last phase


@dataclass(frozen=True, slots=True)
class PhasedRule:
    """A category's rule, which may change with time since the category began."""

    phases: tuple[Phase, ...]

    def pieces(self, category_start: date) -> Iterator[tuple[date | None, int, Rule]]:
        """(first day or None for the category's start, phase index, rule)."""
        begins: date | None = None
        for index, phase in enumerate(self.phases):
            yield begins, index, phase.rule
            if phase.until is not None:
                begins = phase.until.after(category_start)


@dataclass(frozen=True, slots=True)
class GroupRules:
    categories: frozenset[str]
    by_service: Mapping[str, Rule | None]
    other_teams: Rule | None

    def rule_for(self, service: str | None, category: str) -> Rule | None:
        if category not in self.categories:
            return None
        if service is not None and service in self.by_service:
            return self.by_service[service]
        return self.other_teams


@dataclass(frozen=True, slots=True)
class QualifyingSessions:
    individual: frozenset[str]
    group: frozenset[str]
    case: frozenset[str]


@dataclass(frozen=True, slots=True)
class Standards:
    """Timescales and limits; None where the policy sets no such standard."""

    record_working_days: int | None = None
    case_record_working_days: int | None = None
    sign_off_working_days: int | None = None
    share_working_days: int | None = None
    rearrange_working_days: int | None = None
    agreement_review: Interval | None = None
    max_supervisees: int | None = None
    min_duration_minutes: int | None = None
    return_grace_days: int = 7
    balance_window: int = 6


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    relationships_that_count: frozenset[str]
    qualifying_sessions: QualifyingSessions
    individual: Mapping[str, PhasedRule]  # by category; absent: no rule
    group: GroupRules | None
    case: Mapping[tuple[str, str], Rule]  # by (case type, risk); absent: no rule
    standards: Standards
    functions: tuple[str, ...]
    source: str = ""
    scope: str = ""

    def case_rule(self, case_type: str, risk: str) -> Rule | None:
        return self.case.get((case_type, risk))


@dataclass(frozen=True)
class PolicyTimeline:
    """An organisation's policy over time: each version in force from its date.

    The first version also covers the days before its date: the engine needs
    a rule for every day, and the earliest known policy is the best guess.
    """

    versions: tuple[tuple[date, Policy], ...]
    _starts: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.versions:
            raise PolicyError("a policy timeline needs at least one version")
        ordered = tuple(sorted(self.versions, key=lambda version: version[0]))
        starts = tuple(start for start, _policy in ordered)
        if len(set(starts)) != len(starts):
            raise PolicyError("two policy versions take effect on the same day")
        object.__setattr__(self, "versions", ordered)
        object.__setattr__(self, "_starts", starts)

    @classmethod
    def of(cls, policy: Policy | PolicyTimeline) -> PolicyTimeline:
        if isinstance(policy, PolicyTimeline):
            return policy
        return cls(((date.min, policy),))

    def at(self, day: date) -> Policy:
        if len(self.versions) == 1:  # the usual case, asked millions of times
            return self.versions[0][1]
        index = bisect_right(self._starts, day) - 1
        return self.versions[max(index, 0)][1]

    def spans(self, first: date, last: date) -> Iterator[tuple[date, date, Policy]]:
        """The versions in force from `first` to `last`, each with its days."""
        if len(self.versions) == 1:
            yield first, last, self.versions[0][1]
            return
        index = max(bisect_right(self._starts, first) - 1, 0)
        begins = first
        while begins <= last:
            following = self._starts[index + 1] if index + 1 < len(self._starts) else None
            ends = last if following is None or following > last else following - timedelta(1)
            yield begins, ends, self.versions[index][1]
            begins, index = ends + timedelta(1), index + 1


# ------------------------------------------------------------------ loading


def list_presets() -> list[str]:
    """The ids of the policies shipped with the project."""
    return sorted(path.stem for path in PRESETS_DIR.glob("*.yaml"))


def load_policy(id_or_path: str | Path) -> Policy:
    """A preset by id (`southwark-2021`) or a policy file (.yaml, .yml, .json)."""
    text = str(id_or_path)
    if text in list_presets():
        return _load_preset(text)
    path = Path(text)
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise PolicyError(
            f"unknown policy '{text}': not a preset ({', '.join(list_presets())}) "
            "nor a .yaml, .yml or .json file"
        )
    if not path.is_file():
        raise PolicyError(f"{path}: no such policy file")
    return parse_policy(path.read_text(encoding="utf-8"), name=str(path))


@cache
def _load_preset(preset_id: str) -> Policy:
    path = PRESETS_DIR / f"{preset_id}.yaml"
    return parse_policy(path.read_text(encoding="utf-8"), name=path.name)


def parse_policy(text: str, name: str = "policy") -> Policy:
    """A policy from the text of a YAML or JSON document (JSON is YAML too)."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise PolicyError(f"{name}{where}: not YAML or JSON ({error})") from None
    return policy_from_document(document, name)


def policy_from_document(document: Any, name: str = "policy") -> Policy:
    """Validate a parsed document (schema, then meaning) and build the `Policy`."""
    problems = schema_problems(document)
    if not problems:
        problems = list(_semantic_problems(document))
    if problems:
        shown = "\n".join(f"{name}: {problem}" for problem in problems)
        raise PolicyError(shown)
    return _build(document)


# ------------------------------------------------------------------ checking


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


def _semantic_problems(document: Mapping[str, Any]) -> Iterator[str]:
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


# ------------------------------------------------------------------ building


def _rule(value: Any) -> Rule | None:
    """A rule from its written forms: `1m`, {target, maximum, first}, or none."""
    if value is None or value == "none":
        return None
    if isinstance(value, str):
        interval = parse_interval(value)
        return Rule(interval, interval)
    target = parse_interval(value["target"])
    maximum = parse_interval(value["maximum"]) if "maximum" in value else target
    first = parse_interval(value["first"]) if "first" in value else None
    return Rule(target, maximum, first)


def _phased(value: Any) -> PhasedRule | None:
    if not isinstance(value, list):
        rule = _rule(value)
        return None if rule is None else PhasedRule((Phase(rule, None),))
    phases = []
    for phase in value:
        rule = _rule(phase)
        assert rule is not None  # a phase always has a target (schema)
        until = parse_interval(phase["until"]) if "until" in phase else None
        phases.append(Phase(rule, until))
    return PhasedRule(tuple(phases))


def _group(value: Any) -> GroupRules | None:
    if not isinstance(value, dict):
        return None
    by_service = {service: _rule(rule) for service, rule in (value.get("by_service") or {}).items()}
    return GroupRules(
        categories=frozenset(value["categories"]),
        by_service=MappingProxyType(by_service),
        other_teams=_rule(value.get("other_teams")),
    )


def _case(value: Mapping[str, Any]) -> dict[tuple[str, str], Rule]:
    rules: dict[tuple[str, str], Rule] = {}
    for case_type, written in value.items():
        by_risk = (
            written
            if isinstance(written, dict) and "target" not in written
            else dict.fromkeys(RISKS, written)
        )
        for risk, rule_value in by_risk.items():
            rule = _rule(rule_value)
            if rule is not None:
                rules[(case_type, risk)] = rule
    return rules


def _build(document: Mapping[str, Any]) -> Policy:
    frequency = document["frequency"]
    individual = {}
    for category, value in frequency["individual"].items():
        phased = _phased(value)
        if phased is not None:
            individual[category] = phased
    qualifying = {**DEFAULT_QUALIFYING_SESSIONS, **(document.get("qualifying_sessions") or {})}
    standards = dict(document["standards"])
    if standards.get("agreement_review") is not None:
        standards["agreement_review"] = parse_interval(standards["agreement_review"])
    return Policy(
        id=document["id"],
        title=document["title"],
        source=document.get("source", ""),
        scope=document.get("scope", ""),
        relationships_that_count=frozenset(document["relationships_that_count"]),
        qualifying_sessions=QualifyingSessions(
            individual=frozenset(qualifying["individual"]),
            group=frozenset(qualifying["group"]),
            case=frozenset(qualifying["case"]),
        ),
        individual=MappingProxyType(individual),
        group=_group(frequency.get("group")),
        case=MappingProxyType(_case(frequency.get("case") or {})),
        standards=Standards(**standards),
        functions=tuple(document["functions"]),
    )

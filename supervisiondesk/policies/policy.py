"""Supervision policies as data: the schema, the presets and the loader (compliance.md section 8).

A policy is a YAML or JSON document that validates against
`schema/policy.schema.json`; each preset in `presets/` is such a file, which
an organisation copies and edits. `load_policy` turns one into a `Policy`, a
tree of frozen dataclasses that the compliance engine reads. A bad file is
refused with `PolicyError`, naming the bad field by its path:
`frequency.individual.asye[1].target: 'fortnight' is not an interval`
(the checks are in `validation.py`).

Pure Python: no Django, so the command line report runs without a database.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from supervisiondesk.compliance.intervals import Interval, parse_interval
from supervisiondesk.policies.validation import (
    SCHEMA_PATH,
    policy_schema,
    schema_problems,
    semantic_problems,
)

PRESETS_DIR = Path(__file__).resolve().parent / "presets"
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


# Southwark Standard 3: the seven standing agenda items of individual formal
# supervision, the default when a policy gives none. Their titles and
# prompts are in supervision.agenda (translated); a key added here needs
# one there and in the schema's `standard_agenda_item`.
STANDARD_AGENDA = (
    "check_in",
    "workload",
    "actions_review",
    "case_discussions",
    "information_sharing",
    "development",
    "any_other_business",
)
# Wellbeing and personal matters: never copied to a child's record.
PERSONAL_AGENDA = frozenset({"check_in"})


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """A standing agenda item: a standard key (title "") or the policy's own."""

    key: str
    title: str = ""
    prompt: str = ""
    personal: bool = False


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
    standing_agenda: tuple[AgendaEntry, ...] = ()

    def __post_init__(self) -> None:
        if not self.standing_agenda:
            object.__setattr__(self, "standing_agenda", _agenda(None))

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
    def of(cls, policy: Policy | PolicyTimeline | Iterable[tuple[date, Policy]]) -> PolicyTimeline:
        """A timeline from one policy (in force on every day), a timeline, or
        (effective_from, policy) pairs."""
        if isinstance(policy, PolicyTimeline):
            return policy
        if isinstance(policy, Policy):
            return cls(((date.min, policy),))
        return cls(tuple(policy))

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


def preset_text(preset_id: str) -> str:
    """The file of a preset, comments and all (the start of an edited copy)."""
    return (PRESETS_DIR / f"{preset_id}.yaml").read_text(encoding="utf-8")


@cache
def _load_preset(preset_id: str) -> Policy:
    return parse_policy(preset_text(preset_id), name=f"{preset_id}.yaml")


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
        problems = list(semantic_problems(document))
    if problems:
        shown = "\n".join(f"{name}: {problem}" for problem in problems)
        raise PolicyError(shown)
    return _build(document)


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
        standing_agenda=_agenda(document.get("standing_agenda")),
    )


def _agenda(items: list | None) -> tuple[AgendaEntry, ...]:
    if items is None:
        items = list(STANDARD_AGENDA)
    entries = tuple(
        AgendaEntry(item, personal=item in PERSONAL_AGENDA)
        if isinstance(item, str)
        else AgendaEntry(
            item["key"], item["title"], item.get("prompt", ""), item.get("personal", False)
        )
        for item in items
    )
    keys = [entry.key for entry in entries]
    for index, key in enumerate(keys):
        if key in keys[:index]:
            raise PolicyError(f"standing_agenda[{index}]: the key {key!r} is used twice")
    return entries


__all__ = [
    "SCHEMA_PATH",
    "STANDARD_AGENDA",
    "AgendaEntry",
    "GroupRules",
    "Phase",
    "PhasedRule",
    "Policy",
    "PolicyError",
    "PolicyTimeline",
    "QualifyingSessions",
    "Rule",
    "Standards",
    "list_presets",
    "load_policy",
    "parse_policy",
    "policy_from_document",
    "policy_schema",
]

"""Policy files: the presets equal the spec's table; bad files are refused by path."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from supervisiondesk.compliance import vocabulary
from supervisiondesk.policies.policy import (
    PRESETS_DIR,
    Policy,
    PolicyError,
    PolicyTimeline,
    list_presets,
    load_policy,
    parse_policy,
    policy_schema,
    preset_text,
)

# compliance.md section 5, written out by hand. Individual rules are phases
# (until, target, maximum, first); a plain interval is one phase.
MONTHLY = [(None, "1m", "1m", None)]
SPEC_INDIVIDUAL = {
    "southwark-2021": {
        "asye": [("6w", "7d", "7d", None), ("6m", "14d", "14d", None), (None, "1m", "1m", None)],
        "induction": [("1m", "14d", "14d", "7d"), (None, "1m", "1m", None)],
        "performance_plan": [(None, "14d", "14d", None)],
        **dict.fromkeys(
            ["qualified", "manager", "support_staff", "residential", "other", "caseworker"], MONTHLY
        ),
    },
    "tameside-2015": {
        "newly_qualified": [
            ("3m", "7d", "7d", None),
            ("12m", "14d", "14d", None),
            (None, "1m", "1m", None),
        ],
        **dict.fromkeys(
            [
                "induction",
                "performance_plan",
                "qualified",
                "manager",
                "support_staff",
                "residential",
                "other",
                "caseworker",
            ],
            MONTHLY,
        ),
    },
    "interagency-cm-2014": {"caseworker": [(None, "7d", "14d", None)]},
}
SPEC_GROUP = {
    "southwark-2021": {
        "categories": {"asye", "induction", "qualified", "performance_plan"},
        "feh": "7d",
        "yos": "7d",
        "other teams": "14d",
    },
    "tameside-2015": None,
    "interagency-cm-2014": None,
}
BOTH = ("high", "standard")
SPEC_CASE = {
    "southwark-2021": {
        "feh": {"high": "2m", "standard": "2m"},
        "assessment": {"high": "4w", "standard": "6w"},
        "cin": {"high": "1m", "standard": "2m"},
        "cp": {"high": "1m", "standard": "1m"},
        "cla": {"high": "1m", "standard": "2m"},
        "care_leaver": {"high": "1m", "standard": "3m"},
        "foster_carer": {"high": "1m", "standard": "2m"},
        "yos": {"high": "1m", "standard": "2m"},
        "clinical": {"high": "1m", "standard": "1m"},
        "qa": {"high": "3m", "standard": "3m"},
    },
    "tameside-2015": {
        case_type: dict.fromkeys(BOTH, "3m")
        for case_type in [
            "feh",
            "assessment",
            "cin",
            "cp",
            "cla",
            "care_leaver",
            "foster_carer",
            "yos",
            "clinical",
            "qa",
            "general",
        ]
    },
    "interagency-cm-2014": {},
}
SPEC_STANDARDS = {
    "southwark-2021": {
        "record_working_days": None,
        "case_record_working_days": 1,
        "sign_off_working_days": None,
        "share_working_days": None,
        "rearrange_working_days": None,
        "agreement_review": "12m",
        "max_supervisees": None,
        "min_duration_minutes": 90,
        "return_grace_days": 7,
        "balance_window": 6,
    },
    "tameside-2015": {
        "record_working_days": 0,
        "case_record_working_days": None,
        "sign_off_working_days": 0,
        "share_working_days": 7,
        "rearrange_working_days": None,
        "agreement_review": "12m",
        "max_supervisees": None,
        "min_duration_minutes": None,
        "return_grace_days": 7,
        "balance_window": 6,
    },
    "interagency-cm-2014": {
        "record_working_days": None,
        "case_record_working_days": None,
        "sign_off_working_days": None,
        "share_working_days": None,
        "rearrange_working_days": None,
        "agreement_review": None,
        "max_supervisees": 6,
        "min_duration_minutes": 60,
        "return_grace_days": 7,
        "balance_window": 6,
    },
}
FOUR = ["managerial", "development", "support", "mediation"]
SPEC_FUNCTIONS = {
    "southwark-2021": FOUR,
    "tameside-2015": FOUR,
    "interagency-cm-2014": ["administrative", "educational", "supportive"],
}
SPEC_COUNTING = {
    "southwark-2021": {"line", "professional"},
    "tameside-2015": {"line", "professional"},
    "interagency-cm-2014": {"line", "professional", "external"},
}


def text(interval: object) -> str | None:
    return None if interval is None else str(interval)


def individual_table(policy: Policy) -> dict[str, list[tuple]]:
    return {
        category: [
            (
                text(phase.until),
                text(phase.rule.target),
                text(phase.rule.maximum),
                text(phase.rule.first),
            )
            for phase in phased.phases
        ]
        for category, phased in policy.individual.items()
    }


def group_table(policy: Policy) -> dict[str, Any] | None:
    if policy.group is None:
        return None
    table: dict[str, Any] = {"categories": set(policy.group.categories)}
    table |= {service: text(rule.target) for service, rule in policy.group.by_service.items()}
    table["other teams"] = text(policy.group.other_teams.target)
    return table


def case_table(policy: Policy) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for (case_type, risk), rule in policy.case.items():
        assert rule.maximum == rule.target and rule.first is None
        table.setdefault(case_type, {})[risk] = text(rule.target)
    return table


def test_the_presets() -> None:
    assert list_presets() == ["interagency-cm-2014", "southwark-2021", "tameside-2015"]


@pytest.mark.parametrize("preset", sorted(SPEC_INDIVIDUAL))
def test_each_preset_has_the_values_of_the_spec_table(preset: str) -> None:
    policy = load_policy(preset)
    assert policy.id == preset
    assert individual_table(policy) == SPEC_INDIVIDUAL[preset]
    assert group_table(policy) == SPEC_GROUP[preset]
    assert case_table(policy) == SPEC_CASE[preset]
    standards = {
        name: text(value) if name == "agreement_review" else value
        for name, value in vars_of(policy.standards).items()
    }
    assert standards == SPEC_STANDARDS[preset]
    assert list(policy.functions) == SPEC_FUNCTIONS[preset]
    assert set(policy.relationships_that_count) == SPEC_COUNTING[preset]
    assert policy.qualifying_sessions.individual == {"individual_formal"}
    assert policy.qualifying_sessions.group == {"group"}
    assert policy.qualifying_sessions.case == {"individual_formal", "group"}


def vars_of(standards: object) -> dict[str, Any]:
    return {name: getattr(standards, name) for name in standards.__slots__}


def test_the_group_rule_by_team_service_and_category() -> None:
    group = load_policy("southwark-2021").group
    assert str(group.rule_for("feh", "asye").target) == "7d"
    assert str(group.rule_for("cin", "qualified").target) == "14d"
    assert str(group.rule_for(None, "induction").target) == "14d"  # no teams.csv row
    assert group.rule_for("feh", "manager") is None


def test_the_schema_is_valid_and_speaks_the_datas_words() -> None:
    schema = policy_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    words = schema["$defs"]
    assert tuple(words["category"]["enum"]) == vocabulary.CATEGORIES
    assert tuple(words["case_type"]["enum"]) == vocabulary.CASE_TYPES
    assert tuple(words["service"]["enum"]) == vocabulary.SERVICE_TYPES
    assert tuple(words["relationship_kind"]["enum"]) == vocabulary.RELATIONSHIP_KINDS
    assert tuple(words["session_kinds"]["items"]["enum"]) == vocabulary.SESSION_KINDS
    assert tuple(words["function"]["enum"]) == vocabulary.FUNCTIONS


def southwark_document() -> dict[str, Any]:
    return yaml.safe_load((PRESETS_DIR / "southwark-2021.yaml").read_text(encoding="utf-8"))


def test_a_copy_loads_from_yaml_and_json_files(tmp_path: Path) -> None:
    document = southwark_document()
    document["id"] = "our-southwark"
    (tmp_path / "ours.json").write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "ours.yml").write_text(yaml.safe_dump(document), encoding="utf-8")
    from_json = load_policy(tmp_path / "ours.json")
    from_yaml = load_policy(str(tmp_path / "ours.yml"))
    assert from_json == from_yaml
    assert from_json.id == "our-southwark"
    assert individual_table(from_json) == SPEC_INDIVIDUAL["southwark-2021"]


def test_defaults_for_left_out_settings(tmp_path: Path) -> None:
    document = southwark_document()
    del document["qualifying_sessions"]
    document["standards"] = {"agreement_review": "6m"}
    del document["frequency"]["group"], document["frequency"]["case"]
    (tmp_path / "small.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    policy = load_policy(tmp_path / "small.yaml")
    assert policy.standards.return_grace_days == 7 and policy.standards.balance_window == 6
    assert policy.standards.record_working_days is None
    assert policy.qualifying_sessions.case == {"individual_formal", "group"}
    assert policy.group is None and dict(policy.case) == {}


def test_unknown_policies_are_refused() -> None:
    with pytest.raises(PolicyError, match=r"unknown policy 'southwark-2022': not a preset"):
        load_policy("southwark-2022")
    with pytest.raises(PolicyError, match=r"nope\.yaml: no such policy file"):
        load_policy("nope.yaml")


def mutate(document: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, with value ..., delete) the field at a dotted path with [i] indexes."""
    parts: list[str | int] = []
    for part in path.replace("[", ".[").split("."):
        parts.append(int(part[1:-1]) if part.startswith("[") else part)
    target: Any = document
    for part in parts[:-1]:
        target = target[part]
    if value is ...:
        del target[parts[-1]]
    else:
        target[parts[-1]] = value


BAD_POLICIES = [
    (
        "frequency.individual.asye[1].target",
        "fortnight",
        "frequency.individual.asye[1].target: 'fortnight' is not an interval (7d, 6w, 1m...)",
    ),
    (
        "frequency.individual.qualified",
        "monthly",
        "frequency.individual.qualified: 'monthly' is not an interval (7d, 6w, 1m...)",
    ),
    (
        "frequency.individual.qualified",
        {"target": "1m", "maximum": "2x"},
        "frequency.individual.qualified.maximum: '2x' is not an interval (7d, 6w, 1m...)",
    ),
    (
        "frequency.individual.qualified",
        {"target": "1m", "maximum": "2w"},
        "frequency.individual.qualified.maximum: '2w' is shorter than the target '1m'",
    ),
    (
        "frequency.individual.qualifed",
        "1m",
        "frequency.individual.qualifed: 'qualifed' is not one of asye, newly_qualified, "
        "induction, qualified, performance_plan, manager, support_staff, residential, "
        "caseworker, other",
    ),
    (
        "frequency.individual.asye[1].until",
        "6w",
        "frequency.individual.asye[1].until: '6w' does not come after the previous "
        "phase's until '6w'",
    ),
    (
        "frequency.individual.asye[1].until",
        "40d",
        "frequency.individual.asye[1].until: '40d' does not come after the previous "
        "phase's until '6w'",
    ),
    (
        "frequency.individual.asye[2].until",
        "12m",
        "frequency.individual.asye[2].until: the last phase has no 'until' (it is in force "
        "from the previous phase's end on)",
    ),
    (
        "frequency.individual.asye[0].until",
        ...,
        "frequency.individual.asye[0].until: missing (every phase but the last ends)",
    ),
    (
        "frequency.individual.asye[1].tagret",
        "14d",
        "frequency.individual.asye[1].tagret: unknown setting (expected one of first, "
        "maximum, target, until)",
    ),
    (
        "frequency.individual.asye[1]",
        "14d",
        "frequency.individual.asye[1]: '14d' is not a mapping with until, target, maximum, first",
    ),
    (
        "frequency.case.cin",
        {"high": "1m", "standard": "soon"},
        "frequency.case.cin.standard: 'soon' is not an interval (7d, 6w, 1m...)",
    ),
    (
        "frequency.case.cin",
        {"high": "1m", "medium": "2m"},
        "frequency.case.cin.medium: unknown setting (expected one of high, standard)",
    ),
    (
        "frequency.case.cin",
        7,
        "frequency.case.cin: 7 is not a rule (an interval such as 1m, or "
        "target/maximum/first), rules by risk (high, standard) or none",
    ),
    (
        "frequency.group.by_service.feh",
        "weekly",
        "frequency.group.by_service.feh: 'weekly' is not an interval (7d, 6w, 1m...)",
    ),
    (
        "frequency.group.categories[1]",
        "boss",
        "frequency.group.categories[1]: 'boss' is not one of asye, newly_qualified, "
        "induction, qualified, performance_plan, manager, support_staff, residential, "
        "caseworker, other",
    ),
    (
        "standards.max_supervisees",
        "six",
        "standards.max_supervisees: 'six' is not a whole number or null",
    ),
    (
        "standards.agreement_review",
        "yearly",
        "standards.agreement_review: 'yearly' is not an interval (7d, 6w, 1m...)",
    ),
    (
        "standards.return_grace_days",
        -1,
        "standards.return_grace_days: -1 is less than the minimum of 0",
    ),
    (
        "relationships_that_count[1]",
        "friend",
        "relationships_that_count[1]: 'friend' is not one of line, professional, external",
    ),
    ("functions", ..., "functions: missing"),
    (
        "colour",
        "blue",
        "colour: unknown setting (expected one of frequency, functions, id, "
        "qualifying_sessions, relationships_that_count, scope, source, standards, "
        "standing_agenda, title)",
    ),
]


@pytest.mark.parametrize(("path", "value", "expected"), BAD_POLICIES)
def test_a_bad_policy_file_is_refused_with_the_path_of_the_bad_field(
    tmp_path: Path, path: str, value: Any, expected: str
) -> None:
    document = copy.deepcopy(southwark_document())
    mutate(document, path, value)
    file = tmp_path / "ours.yaml"
    file.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policy(file)
    assert str(error.value) == f"{file}: {expected}"


def test_every_mistake_of_a_file_is_named(tmp_path: Path) -> None:
    document = southwark_document()
    document["frequency"]["individual"]["qualified"] = "monthly"
    document["standards"]["max_supervisees"] = "six"
    file = tmp_path / "ours.yaml"
    file.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policy(file)
    assert str(error.value).splitlines() == [
        f"{file}: frequency.individual.qualified: 'monthly' is not an interval (7d, 6w, 1m...)",
        f"{file}: standards.max_supervisees: 'six' is not a whole number or null",
    ]


def test_a_file_that_is_not_yaml(tmp_path: Path) -> None:
    file = tmp_path / "broken.yaml"
    file.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"broken\.yaml line 2: not YAML or JSON"):
        load_policy(file)
    file.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"\(top level\): \['just a list'\] is not a mapping"):
        load_policy(file)


def test_a_timeline_gives_the_version_in_force_on_each_day() -> None:
    southwark, tameside = load_policy("southwark-2021"), load_policy("tameside-2015")
    timeline = PolicyTimeline(((date(2026, 1, 1), tameside), (date(2021, 2, 1), southwark)))
    assert timeline.at(date(2020, 1, 1)) is southwark  # before the first: the first
    assert timeline.at(date(2025, 12, 31)) is southwark
    assert timeline.at(date(2026, 1, 1)) is tameside
    assert list(timeline.spans(date(2025, 12, 30), date(2026, 1, 2))) == [
        (date(2025, 12, 30), date(2025, 12, 31), southwark),
        (date(2026, 1, 1), date(2026, 1, 2), tameside),
    ]
    assert PolicyTimeline.of(southwark).at(date(1999, 1, 1)) is southwark
    with pytest.raises(PolicyError):
        PolicyTimeline(((date(2026, 1, 1), tameside), (date(2026, 1, 1), southwark)))


def test_a_policy_may_give_its_own_standing_agenda(tmp_path: Path) -> None:
    text = preset_text("tameside-2015") + (
        "\nstanding_agenda:\n  - check_in\n  - {key: safeguarding, title: Safeguarding}\n"
        "  - {key: health, title: Health at work, personal: true}\n"
    )
    policy = parse_policy(text)
    assert [(e.key, e.title, e.personal) for e in policy.standing_agenda] == [
        ("check_in", "", True),
        ("safeguarding", "Safeguarding", False),
        ("health", "Health at work", True),
    ]
    assert len(load_policy("tameside-2015").standing_agenda) == 7  # the default


@pytest.mark.parametrize(
    ("agenda", "message"),
    [
        ("[check_in, check_in]", "standing_agenda[1]: the key 'check_in' is used twice"),
        ("[gossip]", "standing_agenda[0]"),
        ("[{key: Bad Key, title: x}]", "standing_agenda[0]"),
    ],
)
def test_a_bad_standing_agenda_is_refused_with_its_path(agenda: str, message: str) -> None:
    with pytest.raises(PolicyError) as error:
        parse_policy(preset_text("tameside-2015") + f"\nstanding_agenda: {agenda}\n")
    assert message in str(error.value)

"""The preset competency frameworks: the Knowledge and Skills Statements
(KSS) for child and family social work in England, by the Department for
Education. Only the areas' numbers and titles are held; the statements'
text is the publication's (docs/development.md cites them).

Pure data: `services.presets_ensure` writes it (after every migrate, so a
flushed test database has it too); an organisation adds its own framework
in Configuration.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PresetFramework:
    key: str
    title: str
    audience: str
    source: str
    areas: tuple[str, ...]  # the titles, numbered from 1 in this order


CHILD_AND_FAMILY = PresetFramework(
    key="kss-child-family-practitioners",
    title="Knowledge and skills statement for child and family practitioners",
    audience="Child and family social workers",
    source=(
        "Department for Education (2014), Knowledge and skills statement for approved child "
        "and family practitioners; Department for Education (2018), Post-qualifying standard: "
        "knowledge and skills statement for child and family practitioners."
    ),
    areas=(
        "Relationships and effective direct work",
        "Communication",
        "Child development",
        "Adult mental ill health, substance misuse, domestic abuse, physical ill health "
        "and disability",
        "Abuse and neglect of children",
        "Child and family assessment",
        "Analysis, decision-making, planning and review",
        "The law and the family and youth justice systems",
        "The role of supervision",
        "Organisational context",
    ),
)

PRACTICE_SUPERVISORS = PresetFramework(
    key="kss-practice-supervisors",
    title="Knowledge and skills statement for practice supervisors",
    audience="Practice supervisors in child and family social work",
    source=(
        "Department for Education (2015), Knowledge and skills statements for practice "
        "leaders and practice supervisors; Department for Education (2018), Post-qualifying "
        "standard: knowledge and skills statement for practice supervisors."
    ),
    areas=(
        "Promote and govern excellent practice",
        "Developing excellent practitioners",
        "Shaping and influencing the practice system",
        "Effective use of power and authority",
        "Confident analysis and decision-making",
        "Purposeful and effective social work",
        "Emotionally intelligent practice supervision",
        "Performance management and improvement",
    ),
)

PRESETS: tuple[PresetFramework, ...] = (CHILD_AND_FAMILY, PRACTICE_SUPERVISORS)

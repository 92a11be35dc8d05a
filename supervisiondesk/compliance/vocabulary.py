"""The words of the spec (compliance.md sections 1, 4 and 6) that data may use.

`people.choices` holds the same words with their labels for the database;
`people/tests/test_vocabulary.py` keeps the two lists equal.
"""

CATEGORIES = (
    "asye",
    "newly_qualified",
    "induction",
    "qualified",
    "performance_plan",
    "manager",
    "support_staff",
    "residential",
    "caseworker",
    "other",
)
RELATIONSHIP_KINDS = ("line", "professional", "external")
SESSION_KINDS = ("individual_formal", "individual_informal", "group", "peer")
SESSION_STATUSES = ("planned", "held", "cancelled", "postponed")
CASE_TYPES = (
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
)
RISKS = ("high", "standard")
# Every preset's functions of supervision (Tameside and Southwark; Interagency).
FUNCTIONS = (
    "managerial",
    "development",
    "support",
    "mediation",
    "administrative",
    "educational",
    "supportive",
)
SERVICE_TYPES = (
    "feh",
    "assessment",
    "cin",
    "cp",
    "cla",
    "care_leaver",
    "fostering",
    "foster_carer",
    "yos",
    "clinical",
    "qa",
    "general",
)

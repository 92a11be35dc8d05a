"""The database's choices and the data folder's words are the same lists."""

from supervisiondesk.compliance import vocabulary
from supervisiondesk.people import choices


def test_choices_match_the_data_folder_vocabulary() -> None:
    assert tuple(choices.Category.values) == vocabulary.CATEGORIES
    assert tuple(choices.RelationshipKind.values) == vocabulary.RELATIONSHIP_KINDS
    assert tuple(choices.CaseType.values) == vocabulary.CASE_TYPES
    assert tuple(choices.Risk.values) == vocabulary.RISKS
    assert tuple(choices.ServiceType.values) == vocabulary.SERVICE_TYPES

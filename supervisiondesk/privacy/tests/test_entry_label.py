"""How the access log pages name what was read or downloaded."""

import json

from supervisiondesk.privacy.models import AccessLogEntry
from supervisiondesk.privacy.templatetags.privacy_tags import entry_label


def test_a_downloaded_list_is_named_by_its_title() -> None:
    entry = AccessLogEntry(
        object_type="list:supervision:actions",
        detail=json.dumps({"format": "csv", "title": "Actions", "rows": 3}),
    )
    assert entry_label(entry) == "List downloaded: Actions"


def test_a_downloaded_list_without_a_title_is_named_by_the_list() -> None:
    entry = AccessLogEntry(object_type="list:people:teams", detail="not json")
    assert entry_label(entry) == "List downloaded: people:teams"


def test_records_of_every_app_have_a_name_and_the_session_its_number() -> None:
    assert entry_label(AccessLogEntry(object_type="session", object_id="12")) == (
        "Supervision record 12"
    )
    assert entry_label(AccessLogEntry(object_type="wellbeing_plan", object_id="4")) == (
        "Wellbeing and self-care plan 4"
    )
    assert entry_label(AccessLogEntry(object_type="feedback", object_id="9")) == (
        "Supervisee feedback 9"
    )

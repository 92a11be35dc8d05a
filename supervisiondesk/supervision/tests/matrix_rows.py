"""The authorization matrix's rows for supervision's downloads (issue 6):
a session's record and an agreement as PDF. Each is read through
`supervision.access` like its page, so it answers every role as the page
does (test_authorization_matrix: "supervision:session", "supervision:agreement").
The list pages' CSV and Excel files are the pages themselves (`?format=`),
covered by their rows here and by reports/tests/test_exports_pages.py."""

from __future__ import annotations

from supervisiondesk.tests.test_authorization_matrix import READ, only, side_record

PARTIES = ("practitioner", "supervisor")

ROWS: dict[str, dict] = {
    # The session's readers (the auditor's open sample holds "mine").
    "supervision:session_pdf": {"urls": side_record("session"), "expect": READ},
    # The agreement's readers: as its page (an audit sample holds sessions only).
    "supervision:agreement_pdf": {
        "urls": side_record("agreement"),
        "expect": {
            "mine": only(*PARTIES, "manager", "senior"),
            "other_team": only("senior", "director"),
            "other_org": only("stranger_boss"),
        },
    },
}

"""Supervision's pages, one module per part of the work (each owns its names:
`session_*`, `agreement_*`, `group_*`, `case_*`...)."""

from supervisiondesk.supervision.urls import agreements, cases, groups, sessions

app_name = "supervision"
urlpatterns = [
    *sessions.urlpatterns,
    *agreements.urlpatterns,
    *groups.urlpatterns,
    *cases.urlpatterns,
]

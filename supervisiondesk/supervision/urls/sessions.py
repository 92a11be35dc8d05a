from django.urls import path

from supervisiondesk.supervision.views import downloads, records
from supervisiondesk.supervision.views import sessions as views

urlpatterns: list = [
    path("", views.overview, name="overview"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/change/", views.session_change, name="session_change"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("sessions/<int:pk>/agenda/<int:item>/remove/", views.agenda_remove, name="agenda_remove"),
    path("sessions/<int:pk>/record/", records.record, name="record"),
    path("sessions/<int:pk>/cases/", records.discussion_add, name="discussion_add"),
    path("sessions/<int:pk>/actions/", records.action_add, name="action_add"),
    path("sessions/<int:pk>/sign/", records.sign, name="sign"),
    path("sessions/<int:pk>/request-changes/", records.request_edits, name="request_edits"),
    path("sessions/<int:pk>/withdraw/", records.withdraw, name="withdraw"),
    path("sessions/<int:pk>/complete/", records.complete, name="complete"),
    path("sessions/<int:pk>/amend/", records.amend, name="amend"),
    path("sessions/<int:pk>/pdf/", downloads.session_pdf, name="session_pdf"),
    path("discussions/<int:pk>/edit/", records.discussion_edit, name="discussion_edit"),
    path("discussions/<int:pk>/remove/", records.discussion_remove, name="discussion_remove"),
    path("actions/", records.actions, name="actions"),
    path("actions/<int:pk>/", records.action_update, name="action_update"),
]

from django.urls import path

from supervisiondesk.supervision.views import group_discussions, group_sessions
from supervisiondesk.supervision.views import groups as views

urlpatterns: list = [
    path("groups/", views.groups, name="groups"),
    path("groups/<int:pk>/", views.group, name="group"),
    path("groups/<int:pk>/plan/", views.group_plan, name="group_plan"),
    path("groups/<int:pk>/members/", views.group_members, name="group_members"),
    path("groups/sessions/<int:pk>/", group_sessions.group_session, name="group_session"),
    path(
        "groups/sessions/<int:pk>/attendance/",
        group_sessions.group_attendance,
        name="group_attendance",
    ),
    path("groups/sessions/<int:pk>/cases/", group_sessions.group_case_add, name="group_case_add"),
    path("groups/sessions/<int:pk>/record/", group_sessions.group_record, name="group_record"),
    path(
        "groups/sessions/<int:pk>/actions/",
        group_sessions.group_action_add,
        name="group_action_add",
    ),
    path(
        "groups/sessions/<int:pk>/complete/", group_sessions.group_complete, name="group_complete"
    ),
    path("groups/sessions/<int:pk>/amend/", group_sessions.group_amend, name="group_amend"),
    path(
        "groups/discussions/<int:pk>/", group_discussions.group_discussion, name="group_discussion"
    ),
    path(
        "groups/discussions/<int:pk>/genogram/",
        group_discussions.group_genogram,
        name="group_genogram",
    ),
]

from django.urls import path

from supervisiondesk.supervision.views import cases as views

urlpatterns: list = [
    path("cases/<int:pk>/", views.case, name="case"),
    path("discussions/<int:pk>/copy/", views.discussion_copy, name="discussion_copy"),
    path("informal/new/", views.informal_new, name="informal_new"),
]

from django.urls import path

from supervisiondesk.compliance import views

app_name = "compliance"
urlpatterns = [
    path("supervisees/", views.supervisees, name="supervisees"),
    path("teams/", views.teams, name="teams"),
]

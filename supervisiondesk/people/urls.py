from django.urls import path

from supervisiondesk.people import views

app_name = "people"
urlpatterns = [
    path("supervisees/", views.my_supervisees, name="my_supervisees"),
    path("caseload/", views.my_caseload, name="my_caseload"),
    path("teams/", views.teams, name="teams"),
]

from django.urls import path

from supervisiondesk.reports import views

app_name = "reports"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<str:indicator>/", views.behind, name="behind"),
    path("capacity/", views.capacity, name="capacity"),
    path("drift/", views.drift, name="drift"),
]

from django.urls import path

from supervisiondesk.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read/", views.notifications_read, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
]

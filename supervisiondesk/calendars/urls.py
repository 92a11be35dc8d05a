from django.urls import path

from supervisiondesk.calendars import views

app_name = "calendars"
urlpatterns: list = [
    path("feed/", views.feed, name="feed"),
    path("feed/new/", views.feed_new, name="feed_new"),
    path("feed/stop/", views.feed_stop, name="feed_stop"),
    # The secret's shape is checked again by calendars.access.feed_owner.
    path("feed/<str:token>.ics", views.feed_ics, name="ics"),
    path("sessions/<int:pk>.ics", views.session_ics, name="session_ics"),
]

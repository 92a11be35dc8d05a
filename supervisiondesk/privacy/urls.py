from django.urls import path

from supervisiondesk.privacy import views

app_name = "privacy"
urlpatterns = [
    path("reads/", views.my_reads, name="my_reads"),
    path("my-data/", views.my_data, name="my_data"),
    path("need-to-know/", views.need_to_know, name="need_to_know"),
    path("need-to-know/<int:pk>/close/", views.need_to_know_close, name="need_to_know_close"),
    path("access-report/", views.access_report, name="access_report"),
]

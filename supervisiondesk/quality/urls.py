from django.urls import path

from supervisiondesk.quality import views

app_name = "quality"
urlpatterns = [
    path("samples/", views.samples, name="samples"),
]

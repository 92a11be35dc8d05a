from django.urls import path

from supervisiondesk.integrations import views

app_name = "integrations"
urlpatterns = [
    path("primero/webhook/<str:secret>/", views.primero_webhook, name="primero_webhook"),
]

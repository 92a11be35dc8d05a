from django.urls import path

from supervisiondesk.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy, name="policy"),
    path("new/", views.version_new, name="version_new"),
    path("<int:pk>/withdraw/", views.version_withdraw, name="version_withdraw"),
]

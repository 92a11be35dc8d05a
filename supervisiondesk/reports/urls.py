from django.urls import path

from supervisiondesk.reports import views

app_name = "reports"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<str:indicator>/", views.behind, name="behind"),
    path("capacity/", views.capacity, name="capacity"),
    path("drift/", views.drift, name="drift"),
    path("benchmarks/", views.benchmarks, name="benchmarks"),
    # The monthly compliance report and the evidence pack (views/packs.py).
    path("packs/", views.packs, name="packs"),
    path("packs/evidence/", views.evidence_pack, name="evidence"),
    path("monthly/<str:month>.pdf", views.monthly_pdf, name="monthly"),
]

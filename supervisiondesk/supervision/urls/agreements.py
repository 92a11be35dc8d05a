from django.urls import path

from supervisiondesk.supervision.views import agreements as views
from supervisiondesk.supervision.views import downloads

urlpatterns: list = [
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/new/", views.agreement_new, name="agreement_new"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/pdf/", downloads.agreement_pdf, name="agreement_pdf"),
]

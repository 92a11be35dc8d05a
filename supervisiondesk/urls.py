from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from supervisiondesk.accounts import views as accounts_views
from supervisiondesk.people import views as people_views

admin.site.site_header = _("Supervision Desk configuration")
admin.site.site_title = _("Supervision Desk")

urlpatterns = [
    path("", people_views.home, name="home"),
    path("accounts/", include("supervisiondesk.accounts.urls")),
    path("people/", include("supervisiondesk.people.urls")),
    path("compliance/", include("supervisiondesk.compliance.urls")),
    path("policy/", include("supervisiondesk.policies.urls")),
    path("supervision/", include("supervisiondesk.supervision.urls")),
    path("privacy/", include("supervisiondesk.privacy.urls")),
    path("quality/", include("supervisiondesk.quality.urls")),
    path("development/", include("supervisiondesk.development.urls")),
    path("reports/", include("supervisiondesk.reports.urls")),
    path("calendar/", include("supervisiondesk.calendars.urls")),
    path("notifications/", include("supervisiondesk.notifications.urls")),
    path("api/", include("supervisiondesk.api.urls")),
    path("integrations/", include("supervisiondesk.integrations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin signs in through our pages (password, then the second factor).
    path("admin/login/", accounts_views.admin_login),
    path("admin/", admin.site.urls),
]

# Under /api/ a missing address or a crash answers problem details (JSON).
handler404 = "supervisiondesk.api.problems.handler404"
handler500 = "supervisiondesk.api.problems.handler500"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "supervisiondesk.quality"
    verbose_name = _("Quality")

    def ready(self) -> None:
        # The closed loop: audit findings and actions wait for the pair's
        # next session and land on it when it is planned.
        from supervisiondesk.quality.services.followups import session_planned_receiver
        from supervisiondesk.supervision.services.sessions import session_planned

        session_planned.connect(session_planned_receiver, dispatch_uid="quality-audit-followups")

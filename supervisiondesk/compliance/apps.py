from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    # The engine and the command line (engine/, folder.py, cli.py) never
    # import Django; only the pages (views, selectors, urls) do.
    name = "supervisiondesk.compliance"
    verbose_name = _("Compliance")

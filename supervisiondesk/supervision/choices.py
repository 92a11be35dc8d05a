"""Session kinds, statuses and functions: the spec's words (compliance.vocabulary)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    INDIVIDUAL_FORMAL = "individual_formal", _("Individual formal supervision")
    INDIVIDUAL_INFORMAL = "individual_informal", _("Individual informal supervision")
    GROUP = "group", _("Group supervision")
    PEER = "peer", _("Peer supervision")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


class Function(models.TextChoices):
    MANAGERIAL = "managerial", _("Managerial / accountability")
    DEVELOPMENT = "development", _("Development / educational")
    SUPPORT = "support", _("Support")
    MEDIATION = "mediation", _("Mediation / advocacy")
    ADMINISTRATIVE = "administrative", _("Accountability and administrative")
    EDUCATIONAL = "educational", _("Educational and professional development")
    SUPPORTIVE = "supportive", _("Supportive")

"""Session kinds, statuses and functions (the spec's words, compliance.vocabulary),
and the words of the records: modes, roles, reasons, statuses."""

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


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone call")


class AttendeeRole(models.TextChoices):
    """Southwark Appendix 3: the facilitator is the session's supervisor."""

    PARTICIPANT = "participant", _("Participant")
    PRESENTER = "presenter", _("Presenter")
    TIME_KEEPER = "time_keeper", _("Time-keeper")
    RECORDER = "recorder", _("Recorder")


class RiskTrend(models.TextChoices):
    INCREASING = "increasing", _("Increasing")
    STABLE = "stable", _("Not changing")
    DECREASING = "decreasing", _("Decreasing")
    UNCLEAR = "unclear", _("Unclear")


class ReviewReason(models.TextChoices):
    FIRST = "first", _("First agreement")
    ANNUAL = "annual", _("Annual review")
    CHANGE_OF_SUPERVISOR = "change_of_supervisor", _("Change of supervisor")
    DIFFICULTIES = "difficulties", _("Difficulties in the relationship")
    NEEDS_CHANGED = "needs_changed", _("Needs have changed")
    OTHER = "other", _("Other")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("No longer needed")


class EventKind(models.TextChoices):
    """The history of a session and its record, in the order things happen."""

    PLANNED = "planned", _("Planned")
    RESCHEDULED = "rescheduled", _("Date or place changed")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")
    REARRANGED = "rearranged", _("Rearranged")
    HELD = "held", _("Held")
    # What changed (section titles, field labels), never the text itself:
    # the history is read by everyone who reads the record.
    CHANGED = "changed", _("Changed")
    SUPERVISOR_SIGNED = "supervisor_signed", _("Signed by the supervisor and shared")
    EDITS_REQUESTED = "edits_requested", _("Changes asked for by the supervisee")
    SIGNATURE_WITHDRAWN = "withdrawn", _("Signature taken back by the supervisor to correct")
    SUPERVISEE_SIGNED = "supervisee_signed", _("Signed by the supervisee")
    DISAGREEMENT = "disagreement", _("Disagreement recorded")
    COMPLETED = "completed", _("Record completed")
    AMENDED = "amended", _("Amended")

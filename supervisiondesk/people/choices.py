"""The words of supervision policies, as stored values and translatable labels.

The stored values are the spec's words (../shared/spec/compliance.md section 1)
and the data folder's; the compliance engine and `compliance.folder` accept
the same lists, so a new word goes in both places.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ServiceType(models.TextChoices):
    FEH = "feh", _("Family early help")
    ASSESSMENT = "assessment", _("Assessment")
    CIN = "cin", _("Children in need")
    CP = "cp", _("Child protection")
    CLA = "cla", _("Children looked after")
    CARE_LEAVER = "care_leaver", _("Care leavers")
    FOSTERING = "fostering", _("Fostering")
    FOSTER_CARER = "foster_carer", _("Foster carers")
    YOS = "yos", _("Youth offending")
    CLINICAL = "clinical", _("Clinical")
    QA = "qa", _("Quality assurance")
    GENERAL = "general", _("General case management")


class Category(models.TextChoices):
    ASYE = "asye", _("ASYE (assessed and supported year)")
    NEWLY_QUALIFIED = "newly_qualified", _("Newly qualified")
    INDUCTION = "induction", _("Induction")
    QUALIFIED = "qualified", _("Qualified")
    PERFORMANCE_PLAN = "performance_plan", _("Performance plan")
    MANAGER = "manager", _("Manager")
    SUPPORT_STAFF = "support_staff", _("Support staff")
    RESIDENTIAL = "residential", _("Residential")
    CASEWORKER = "caseworker", _("Caseworker")
    OTHER = "other", _("Other")


class RelationshipKind(models.TextChoices):
    LINE = "line", _("Line supervisor")
    PROFESSIONAL = "professional", _("Professional supervisor")
    EXTERNAL = "external", _("External supervisor")


class AbsenceKind(models.TextChoices):
    SICKNESS = "sickness", _("Long-term sickness")
    PARENTAL = "parental", _("Parental leave")
    OTHER = "other", _("Other absence")


class CaseType(models.TextChoices):
    FEH = "feh", _("Family early help")
    ASSESSMENT = "assessment", _("Assessment")
    CIN = "cin", _("Child in need")
    CP = "cp", _("Child protection")
    CLA = "cla", _("Child looked after")
    CARE_LEAVER = "care_leaver", _("Care leaver")
    FOSTER_CARER = "foster_carer", _("Foster carer")
    YOS = "yos", _("Youth offending")
    CLINICAL = "clinical", _("Clinical")
    QA = "qa", _("Quality assurance")
    GENERAL = "general", _("General case management")


class Risk(models.TextChoices):
    # "Standard" is also a policy standard (an audit's heading): its own context.
    HIGH = "high", pgettext_lazy("risk", "High")
    STANDARD = "standard", pgettext_lazy("risk", "Standard")


class SourceSystem(models.TextChoices):
    PRIMERO = "primero", _("Primero (CPIMS+)")
    MOSAIC = "mosaic", _("Mosaic")
    LIQUIDLOGIC = "liquidlogic", _("Liquidlogic")
    CAPITA = "capita", _("Capita One")
    OTHER = "other", _("Other")

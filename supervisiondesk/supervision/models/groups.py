from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Organisation, StaffMember, Team


class SupervisionGroup(models.Model):
    """A standing supervision group: who facilitates it and who belongs to it.
    Its sessions are `SupervisionSession`s of kind `group`."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="supervision_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervision_groups",
        verbose_name=_("team"),
    )
    facilitator = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="groups_facilitated",
        verbose_name=_("facilitator"),
    )
    members = models.ManyToManyField(
        StaffMember, related_name="supervision_groups", verbose_name=_("members"), blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supervision group")
        verbose_name_plural = _("supervision groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

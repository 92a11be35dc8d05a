from django.contrib import admin

from supervisiondesk.jobs.models import ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    """What the scheduler has enqueued; each task's outcome is under
    "Task results" (django-tasks-db)."""

    list_display = ["job", "organisation", "period", "at", "task_id"]
    list_filter = ["job"]
    readonly_fields = ["job", "organisation", "period", "at", "task_id"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

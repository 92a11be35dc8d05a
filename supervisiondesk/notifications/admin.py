from django.contrib import admin

from supervisiondesk.notifications.models import ReminderSettings

# Notifications themselves are not in the admin: they name people and
# cases, and are each their recipient's only (notifications.views).


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "escalate_after_days", "send_from_hour"]

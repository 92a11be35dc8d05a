from django.contrib import admin

from supervisiondesk.supervision import models


class AttendeeInline(admin.TabularInline):
    model = models.SessionAttendee
    extra = 0
    autocomplete_fields = ["staff"]


class CaseDiscussionInline(admin.TabularInline):
    model = models.CaseDiscussion
    extra = 0
    autocomplete_fields = ["case"]


@admin.register(models.SupervisionSession)
class SupervisionSessionAdmin(admin.ModelAdmin):
    list_display = ["session_id", "kind", "status", "date", "supervisor"]
    list_filter = ["kind", "status"]
    search_fields = ["session_id", "supervisor__name"]
    autocomplete_fields = ["supervisor"]
    inlines = [AttendeeInline, CaseDiscussionInline]


@admin.register(models.SupervisionAgreement)
class SupervisionAgreementAdmin(admin.ModelAdmin):
    list_display = ["supervisee", "supervisor", "signed_on", "reviewed_on"]
    autocomplete_fields = ["supervisee", "supervisor"]

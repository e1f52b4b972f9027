from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import (
    ActionItem,
    ActionReview,
    EvaluationMeeting,
    MonthlyRecap,
    ReportPhoto,
    SessionReport,
)


class ReportPhotoInline(admin.TabularInline):
    model = ReportPhoto
    extra = 0
    fields = ["caption", "width", "height", "uploaded_by", "uploaded_at"]
    readonly_fields = ["width", "height", "uploaded_by", "uploaded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # photos are checked and resized by the portal's upload


@admin.register(SessionReport)
class SessionReportAdmin(SimpleHistoryAdmin):
    list_display = ["session", "status", "submitted_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["session", "decided_by__pegawai"]
    search_fields = ["findings", "session__skpd_request__skpd__name"]
    # The workflow runs in the portal (reports/services.py), which records who and why.
    readonly_fields = [
        "session",
        "status",
        "drafts_snapshot",
        "created_by",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "return_reason",
    ]
    inlines = [ReportPhotoInline]

    def has_add_permission(self, request):
        return False


@admin.register(MonthlyRecap)
class MonthlyRecapAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "coach", "status", "submitted_at", "decided_by"]
    list_filter = ["status", "year"]
    list_select_related = ["coach__pegawai", "decided_by__pegawai"]
    search_fields = ["notes", "coach__pegawai__name"]
    # The workflow runs in the portal (reports/services.py), which records who and why.
    readonly_fields = [
        "coach",
        "year",
        "month",
        "status",
        "figures",
        "created_by",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "return_reason",
    ]

    def has_add_permission(self, request):
        return False


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    fk_name = "raised_in"
    extra = 0
    fields = ["text", "owner", "due_date", "status", "closed_in"]
    readonly_fields = ["status", "closed_in"]
    autocomplete_fields = ["owner"]


@admin.register(EvaluationMeeting)
class EvaluationMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["start", "place", "chair", "period_start", "period_end", "status"]
    list_filter = ["status"]
    list_select_related = ["chair__pegawai"]
    date_hierarchy = "start"
    readonly_fields = ["status", "figures", "created_by", "finalized_by", "finalized_at"]
    filter_horizontal = ["attendees"]
    inlines = [ActionItemInline]

    def has_add_permission(self, request):
        return False


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["text", "owner", "due_date", "status", "raised_in", "closed_in"]
    list_filter = ["status"]
    list_select_related = ["owner__pegawai", "raised_in", "closed_in"]
    search_fields = ["text"]
    readonly_fields = ["raised_in", "status", "closed_in"]

    def has_add_permission(self, request):
        return False


@admin.register(ActionReview)
class ActionReviewAdmin(SimpleHistoryAdmin):
    list_display = ["item", "meeting", "status", "note"]
    list_filter = ["status"]
    list_select_related = ["item", "meeting"]
    readonly_fields = ["meeting", "item"]

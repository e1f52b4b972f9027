from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from bookings import services
from bookings.models import (
    AgendaBlock,
    Attendance,
    Booking,
    Closure,
    CoachingSession,
    Disposition,
    Place,
    SkpdRequest,
    Slot,
    WaitlistEntry,
)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "is_default"]


@admin.register(Closure)
class ClosureAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "is_public_holiday"]
    list_filter = ["is_public_holiday"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Slots already published on a day that closes are cancelled, their ASN told.
        told = services.cancel_slots_on(actor=request.user, day=obj.date, reason=obj.name)
        if told:
            self.message_user(
                request,
                _("%(count)d ASN diberi tahu bahwa jadwalnya dibatalkan.") % {"count": told},
                messages.WARNING,
            )


@admin.register(Slot)
class SlotAdmin(SimpleHistoryAdmin):
    list_display = ["start", "end", "coach", "place", "capacity", "is_cancelled"]
    list_filter = ["is_cancelled", "place"]
    list_select_related = ["coach__pegawai", "place"]
    date_hierarchy = "start"
    autocomplete_fields = ["coach"]
    # Slots are published in the portal (which also takes the coach's time) and cancelled
    # with the action below; their time and coach are not edited here.
    readonly_fields = ["coach", "start", "end", "is_cancelled"]
    actions = ["cancel_slots"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Batalkan slot terpilih dan beri tahu ASN-nya"))
    def cancel_slots(self, request, queryset):
        told = sum(
            services.cancel_slot(
                actor=request.user, slot_id=pk, reason=gettext("Dibatalkan oleh Tim Coaching")
            )
            for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request, _("Slot dibatalkan; %(count)d ASN diberi tahu.") % {"count": told}
        )


@admin.register(Booking)
class BookingAdmin(SimpleHistoryAdmin):
    list_display = ["slot", "pegawai", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["slot__coach__pegawai", "pegawai"]
    search_fields = ["pegawai__name", "pegawai__nip"]
    autocomplete_fields = ["pegawai"]
    raw_id_fields = ["slot", "rescheduled_from"]


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(SimpleHistoryAdmin):
    list_display = ["slot", "pegawai", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["slot__coach__pegawai", "pegawai"]
    raw_id_fields = ["slot", "pegawai"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["pegawai"]


@admin.register(CoachingSession)
class CoachingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["start", "kind", "place"]
    list_filter = ["kind"]
    inlines = [AttendanceInline]
    # Sessions come from bookings and dispositions, with the coaches' time taken; their
    # time and coaches are not edited here.
    readonly_fields = ["kind", "start", "end", "booking", "skpd_request", "coaches"]

    def has_add_permission(self, request):
        return False


class DispositionInline(admin.StackedInline):
    model = Disposition
    extra = 0
    can_delete = False
    readonly_fields = [
        "decision",
        "note",
        "coaches",
        "start",
        "end",
        "venue",
        "decided_by",
        "decided_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SkpdRequest)
class SkpdRequestAdmin(SimpleHistoryAdmin):
    list_display = ["letter_number", "skpd", "status", "proposed_date_1", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["skpd"]
    search_fields = ["letter_number", "skpd__name", "subject"]
    inlines = [DispositionInline]
    # Status changes go through the workflow (bookings/visits/services.py), not the admin.
    readonly_fields = ["status", "submitted_by", "submitted_at"]


@admin.register(AgendaBlock)
class AgendaBlockAdmin(SimpleHistoryAdmin):
    list_display = ["session", "order", "kind"]
    raw_id_fields = ["session"]

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Pegawai, Registration, RoleAssignment, RosterImport, Skpd, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["skpd"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "display_name", "email", "is_active", "is_staff", "last_login"]
    list_select_related = ["pegawai"]
    search_fields = ["username", "email", "pegawai__name"]

    @admin.display(description=_("nama"))
    def display_name(self, user):
        return user.display_name


@admin.register(Skpd)
class SkpdAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "head", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["head"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["head"]


@admin.register(Pegawai)
class PegawaiAdmin(SimpleHistoryAdmin):
    list_display = ["name", "nip_grouped", "jenjang", "skpd", "is_active"]
    list_filter = ["jenjang", "kind", "is_active", "skpd__kind"]
    list_select_related = ["skpd"]
    search_fields = ["nip", "name", "jabatan"]
    autocomplete_fields = ["user", "skpd", "atasan"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("NIP"), ordering="nip")
    def nip_grouped(self, pegawai):
        return pegawai.nip_display


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "skpd", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user__pegawai", "skpd"]
    search_fields = ["user__username", "user__pegawai__name", "skpd__name"]
    autocomplete_fields = ["user", "skpd"]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["nip", "display_name", "skpd", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["pegawai", "skpd", "decided_by"]
    search_fields = ["nip", "name", "email", "pegawai__name"]
    autocomplete_fields = ["pegawai", "skpd", "decided_by"]
    readonly_fields = ["created_at"]


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "uploaded_by", "created_at", "applied_at"]
    list_filter = ["status"]
    list_select_related = ["uploaded_by"]
    readonly_fields = ["file_name", "status", "summary", "uploaded_by", "created_at", "applied_at"]
    exclude = ["rows"]

    def has_add_permission(self, request):
        return False

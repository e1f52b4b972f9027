from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from skp_drafts.models import GuideMaterial, Indicator, ReviewComment, Rhk, Skp


class RhkInline(admin.StackedInline):
    model = Rhk
    fk_name = "skp"
    extra = 0
    fields = ["kind", "order", "text", "parent_text", "perspective"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Content and status change only through the portal's editor and review, which keep
    the versions and check who may; the admin shows them and their history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Skp)
class SkpAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "year", "jenjang", "status", "version", "updated_at"]
    list_filter = ["year", "status", "jenjang"]
    search_fields = ["pegawai__name", "pegawai__nip", "example_title"]
    list_select_related = ["pegawai"]
    inlines = [RhkInline]


@admin.register(Rhk)
class RhkAdmin(ReadOnlyAdmin):
    list_display = ["text", "skp", "kind", "order"]
    search_fields = ["text", "skp__pegawai__name"]
    list_select_related = ["skp__pegawai"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["text", "target", "aspect"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "skp", "author", "created_at", "resolved_at"]
    raw_id_fields = ["skp", "rhk", "indicator", "reply_to", "author", "resolved_by"]
    list_select_related = ["skp__pegawai", "author__pegawai"]


@admin.register(GuideMaterial)
class GuideMaterialAdmin(SimpleHistoryAdmin):
    list_display = ["title", "file_name", "order", "is_published", "uploaded_at"]
    list_editable = ["order", "is_published"]
    readonly_fields = ["uploaded_by", "uploaded_at"]

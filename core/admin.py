from django.contrib import admin

from core.models import IssuedDocument


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """The register of issued documents: read only, as filed."""

    list_display = [
        "number",
        "code",
        "title",
        "version",
        "issued_at",
        "signed_digitally",
        "superseded_by",
    ]
    list_filter = ["kind", "signed_digitally"]
    search_fields = ["number", "code", "title"]
    readonly_fields = [field.name for field in IssuedDocument._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

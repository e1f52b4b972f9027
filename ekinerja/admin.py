from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ekinerja.models import StatusMeaning


@admin.register(StatusMeaning)
class StatusMeaningAdmin(SimpleHistoryAdmin):
    list_display = ["key", "approved"]
    list_editable = ["approved"]
    search_fields = ["key"]

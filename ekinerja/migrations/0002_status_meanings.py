"""The statuses of e-Kinerja's SKP workflow as the public tools show them, and which count as
approved. The team corrects the table in the admin when e-Kinerja writes another word."""

from django.db import migrations

# A copy, as migrations must not import the app's code (ekinerja.models.DEFAULT_MEANINGS).
MEANINGS = {
    "draft": False,
    "konsep": False,
    "pengajuan": False,
    "diajukan": False,
    "menunggu persetujuan": False,
    "dikembalikan": False,
    "ditolak": False,
    "revisi": False,
    "returned": False,
    "submitted": False,
    "persetujuan": True,
    "disetujui": True,
    "sudah disetujui": True,
    "approved": True,
}


def add_meanings(apps, schema_editor):
    StatusMeaning = apps.get_model("ekinerja", "StatusMeaning")
    for key, approved in MEANINGS.items():
        StatusMeaning.objects.get_or_create(key=key, defaults={"approved": approved})


class Migration(migrations.Migration):
    dependencies = [("ekinerja", "0001_initial")]

    operations = [migrations.RunPython(add_meanings, migrations.RunPython.noop)]

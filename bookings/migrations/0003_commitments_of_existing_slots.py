from django.db import migrations


def take_coaches_time(apps, schema_editor):
    """Slots published before commitments existed take their coach's time too."""
    Slot = apps.get_model("bookings", "Slot")
    CoachCommitment = apps.get_model("bookings", "CoachCommitment")
    CoachCommitment.objects.bulk_create(
        [
            CoachCommitment(coach_id=slot.coach_id, start=slot.start, end=slot.end, slot=slot)
            for slot in Slot.objects.filter(is_cancelled=False, commitment__isnull=True)
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("bookings", "0002_alter_attendance_present_and_more")]

    operations = [migrations.RunPython(take_coaches_time, migrations.RunPython.noop)]

"""An attendance's and an agenda block's session lead their unique constraints (session and
pegawai; session and order): the foreign keys' own indexes repeated that first column."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0011_open_slots_version'),
    ]

    operations = [
        migrations.AlterField(
            model_name='agendablock',
            name='session',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='blocks', to='bookings.coachingsession', verbose_name='sesi'),
        ),
        migrations.AlterField(
            model_name='attendance',
            name='session',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='bookings.coachingsession', verbose_name='sesi'),
        ),
    ]

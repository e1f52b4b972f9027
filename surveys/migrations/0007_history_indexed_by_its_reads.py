"""History tables keep the indexes that their reads use: the record's id, the date, who
changed it (core.history.HistoricalRecords). The indexes copied from the record's own
fields (its foreign keys, its unique fields) are dropped: no read uses them, and every
save wrote each history row into all of them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0013_history_indexed_by_its_reads'),
        ('surveys', '0006_invitation_survey_indexed_by_its_constraint'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalsurvey',
            name='opened_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dibuka oleh'),
        ),
        migrations.AlterField(
            model_name='historicalsurvey',
            name='session',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bookings.coachingsession', verbose_name='sesi coaching'),
        ),
    ]

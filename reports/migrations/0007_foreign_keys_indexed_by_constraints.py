"""An action review's meeting and a monthly recap's coach lead their unique constraints
(review_once_per_meeting: meeting, item; recap_once_per_coach_and_month: coach, year,
month): the foreign keys' own indexes repeated that first column."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0006_figures_version_in_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='actionreview',
            name='meeting',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='reports.evaluationmeeting', verbose_name='rapat'),
        ),
        migrations.AlterField(
            model_name='monthlyrecap',
            name='coach',
            field=models.ForeignKey(blank=True, db_index=False, help_text='Kosong: rekap seluruh Tim Coaching.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='monthly_recaps', to=settings.AUTH_USER_MODEL, verbose_name='coach'),
        ),
    ]

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
        ('reports', '0007_foreign_keys_indexed_by_constraints'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalactionitem',
            name='closed_in',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reports.evaluationmeeting', verbose_name='dinyatakan selesai dalam rapat'),
        ),
        migrations.AlterField(
            model_name='historicalactionitem',
            name='owner',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='penanggung jawab'),
        ),
        migrations.AlterField(
            model_name='historicalactionitem',
            name='raised_in',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reports.evaluationmeeting', verbose_name='diputuskan dalam rapat'),
        ),
        migrations.AlterField(
            model_name='historicalactionreview',
            name='item',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reports.actionitem', verbose_name='tindak lanjut'),
        ),
        migrations.AlterField(
            model_name='historicalactionreview',
            name='meeting',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reports.evaluationmeeting', verbose_name='rapat'),
        ),
        migrations.AlterField(
            model_name='historicalevaluationmeeting',
            name='chair',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='pimpinan rapat'),
        ),
        migrations.AlterField(
            model_name='historicalevaluationmeeting',
            name='created_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dibuat oleh'),
        ),
        migrations.AlterField(
            model_name='historicalevaluationmeeting',
            name='finalized_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='disahkan oleh'),
        ),
        migrations.AlterField(
            model_name='historicalevaluationmeeting',
            name='notulis',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='notulis'),
        ),
        migrations.AlterField(
            model_name='historicalmonthlyrecap',
            name='coach',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, help_text='Kosong: rekap seluruh Tim Coaching.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='coach'),
        ),
        migrations.AlterField(
            model_name='historicalmonthlyrecap',
            name='created_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dibuat oleh'),
        ),
        migrations.AlterField(
            model_name='historicalmonthlyrecap',
            name='decided_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diputuskan oleh'),
        ),
        migrations.AlterField(
            model_name='historicalmonthlyrecap',
            name='submitted_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diajukan oleh'),
        ),
        migrations.AlterField(
            model_name='historicalsessionreport',
            name='created_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dibuat oleh'),
        ),
        migrations.AlterField(
            model_name='historicalsessionreport',
            name='decided_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diputuskan oleh'),
        ),
        migrations.AlterField(
            model_name='historicalsessionreport',
            name='session',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bookings.coachingsession', verbose_name='sesi coaching'),
        ),
        migrations.AlterField(
            model_name='historicalsessionreport',
            name='submitted_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diajukan oleh'),
        ),
    ]

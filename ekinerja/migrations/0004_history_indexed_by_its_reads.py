"""History tables keep the indexes that their reads use: the record's id, the date, who
changed it (core.history.HistoricalRecords). The indexes copied from the record's own
fields (its foreign keys, its unique fields) are dropped: no read uses them, and every
save wrote each history row into all of them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ekinerja', '0003_row_foreign_keys_indexed_by_longer_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalekinerjaimport',
            name='applied_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diterapkan oleh'),
        ),
        migrations.AlterField(
            model_name='historicalekinerjaimport',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diunggah oleh'),
        ),
        migrations.AlterField(
            model_name='historicalstatusmeaning',
            name='key',
            field=models.CharField(help_text='Huruf kecil, spasi tunggal, seperti “persetujuan”.', max_length=100, verbose_name='status di e-Kinerja'),
        ),
    ]

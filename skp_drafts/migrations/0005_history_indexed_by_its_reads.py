"""History tables keep the indexes that their reads use: the record's id, the date, who
changed it, and an SKP's parts by the SKP or RHK they belong to (an SKP's versions read
them so; core.history.HistoricalRecords). The indexes copied from the record's own
fields (its foreign keys, its unique fields) are dropped: no read uses them, and every
save wrote each history row into all of them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_history_indexed_by_its_reads'),
        ('skp_drafts', '0004_skp_keys_indexed_by_longer_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalguidematerial',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diunggah oleh'),
        ),
        migrations.AlterField(
            model_name='historicalreviewcomment',
            name='author',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='penulis'),
        ),
        migrations.AlterField(
            model_name='historicalreviewcomment',
            name='indicator',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='skp_drafts.indicator', verbose_name='indikator'),
        ),
        migrations.AlterField(
            model_name='historicalreviewcomment',
            name='reply_to',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='skp_drafts.reviewcomment', verbose_name='balasan atas'),
        ),
        migrations.AlterField(
            model_name='historicalreviewcomment',
            name='resolved_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diselesaikan oleh'),
        ),
        migrations.AlterField(
            model_name='historicalreviewcomment',
            name='rhk',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='skp_drafts.rhk', verbose_name='RHK'),
        ),
        migrations.AlterField(
            model_name='historicalreviewcomment',
            name='skp',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='skp_drafts.skp', verbose_name='SKP'),
        ),
        migrations.AlterField(
            model_name='historicalrhk',
            name='parent',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='skp_drafts.rhk', verbose_name='RHK pimpinan yang diintervensi'),
        ),
        migrations.AlterField(
            model_name='historicalskp',
            name='atasan_penilai',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.pegawai', verbose_name='atasan pejabat penilai kinerja'),
        ),
        migrations.AlterField(
            model_name='historicalskp',
            name='pegawai',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.pegawai', verbose_name='pegawai'),
        ),
        migrations.AlterField(
            model_name='historicalskp',
            name='pejabat_penilai',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.pegawai', verbose_name='pejabat penilai kinerja'),
        ),
    ]

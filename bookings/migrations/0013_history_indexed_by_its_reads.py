"""History tables keep the indexes that their reads use: the record's id, the date, who
changed it (core.history.HistoricalRecords). The indexes copied from the record's own
fields (its foreign keys, its unique fields) are dropped: no read uses them, and every
save wrote each history row into all of them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_history_indexed_by_its_reads'),
        ('bookings', '0012_foreign_keys_indexed_by_constraints'),
        ('skp_drafts', '0005_history_indexed_by_its_reads'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalagendablock',
            name='session',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bookings.coachingsession', verbose_name='sesi'),
        ),
        migrations.AlterField(
            model_name='historicalattendance',
            name='pegawai',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.pegawai', verbose_name='peserta'),
        ),
        migrations.AlterField(
            model_name='historicalattendance',
            name='session',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bookings.coachingsession', verbose_name='sesi'),
        ),
        migrations.AlterField(
            model_name='historicalbooking',
            name='pegawai',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.pegawai', verbose_name='ASN'),
        ),
        migrations.AlterField(
            model_name='historicalbooking',
            name='rescheduled_from',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bookings.booking', verbose_name='jadwal ulang dari'),
        ),
        migrations.AlterField(
            model_name='historicalbooking',
            name='skp',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='skp_drafts.skp', verbose_name='draf SKP di portal'),
        ),
        migrations.AlterField(
            model_name='historicalbooking',
            name='slot',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bookings.slot', verbose_name='slot'),
        ),
        migrations.AlterField(
            model_name='historicalclosure',
            name='date',
            field=models.DateField(verbose_name='tanggal'),
        ),
        migrations.AlterField(
            model_name='historicalcoachingsession',
            name='booking',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bookings.booking', verbose_name='pemesanan'),
        ),
        migrations.AlterField(
            model_name='historicalcoachingsession',
            name='checkin_code',
            field=models.CharField(blank=True, editable=False, max_length=32, null=True, verbose_name='kode check-in'),
        ),
        migrations.AlterField(
            model_name='historicalcoachingsession',
            name='skpd_request',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bookings.skpdrequest', verbose_name='surat permohonan'),
        ),
        migrations.AlterField(
            model_name='historicalcoachingsession_drafts',
            name='coachingsession',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bookings.coachingsession'),
        ),
        migrations.AlterField(
            model_name='historicalcoachingsession_drafts',
            name='skp',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='skp_drafts.skp'),
        ),
        migrations.AlterField(
            model_name='historicalskpdrequest',
            name='skpd',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.skpd', verbose_name='SKPD'),
        ),
        migrations.AlterField(
            model_name='historicalskpdrequest',
            name='submitted_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diajukan oleh'),
        ),
        migrations.AlterField(
            model_name='historicalslot',
            name='coach',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='coach'),
        ),
        migrations.AlterField(
            model_name='historicalslot',
            name='place',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bookings.place', verbose_name='tempat'),
        ),
        migrations.AlterField(
            model_name='historicalwaitlistentry',
            name='pegawai',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.pegawai', verbose_name='ASN'),
        ),
        migrations.AlterField(
            model_name='historicalwaitlistentry',
            name='slot',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bookings.slot', verbose_name='slot'),
        ),
    ]

"""History tables keep the indexes that their reads use: the record's id, the date, who
changed it (core.history.HistoricalRecords). The indexes copied from the record's own
fields (its foreign keys, its unique fields) are dropped: no read uses them, and every
save wrote each history row into all of them."""

import accounts.nip
import django.contrib.auth.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_foreign_keys_indexed_by_longer_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalpegawai',
            name='atasan',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.pegawai', verbose_name='atasan langsung'),
        ),
        migrations.AlterField(
            model_name='historicalpegawai',
            name='nip',
            field=accounts.nip.NipField(verbose_name='NIP'),
        ),
        migrations.AlterField(
            model_name='historicalpegawai',
            name='skpd',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.skpd', verbose_name='SKPD'),
        ),
        migrations.AlterField(
            model_name='historicalpegawai',
            name='user',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='akun'),
        ),
        migrations.AlterField(
            model_name='historicalregistration',
            name='decided_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diputuskan oleh'),
        ),
        migrations.AlterField(
            model_name='historicalregistration',
            name='pegawai',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.pegawai', verbose_name='pegawai'),
        ),
        migrations.AlterField(
            model_name='historicalregistration',
            name='skpd',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.skpd', verbose_name='SKPD'),
        ),
        migrations.AlterField(
            model_name='historicalroleassignment',
            name='skpd',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.skpd', verbose_name='SKPD'),
        ),
        migrations.AlterField(
            model_name='historicalroleassignment',
            name='user',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='akun'),
        ),
        migrations.AlterField(
            model_name='historicalskpd',
            name='head',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.pegawai', verbose_name='kepala'),
        ),
        migrations.AlterField(
            model_name='historicalskpd',
            name='name',
            field=models.CharField(max_length=200, verbose_name='nama'),
        ),
        migrations.AlterField(
            model_name='historicalskpd',
            name='short_name',
            field=models.CharField(max_length=40, verbose_name='singkatan'),
        ),
        migrations.AlterField(
            model_name='historicaluser',
            name='username',
            field=models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username'),
        ),
    ]

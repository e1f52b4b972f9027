"""An e-Kinerja row's import and pegawai lead the rows' two indexes (import, outcome, line;
pegawai, import): their foreign keys' own indexes repeated them, on every row imported."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_foreign_keys_indexed_by_longer_indexes'),
        ('ekinerja', '0002_status_meanings'),
    ]

    operations = [
        migrations.AlterField(
            model_name='ekinerjarow',
            name='ekinerja_import',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='rows', to='ekinerja.ekinerjaimport', verbose_name='impor'),
        ),
        migrations.AlterField(
            model_name='ekinerjarow',
            name='pegawai',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.pegawai', verbose_name='pegawai'),
        ),
    ]

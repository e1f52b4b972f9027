"""A pegawai's and a registration's SKPD, a notification's and a second-factor event's user
lead an index of ``Meta.indexes`` (with the jenjang, the status, the time read, the time):
their foreign keys' own indexes repeated its first column and cost on every write."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_user_whatsapp_opt_in'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='user',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='pegawai',
            name='skpd',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='pegawai', to='accounts.skpd', verbose_name='SKPD'),
        ),
        migrations.AlterField(
            model_name='registration',
            name='skpd',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='registrations', to='accounts.skpd', verbose_name='SKPD'),
        ),
        migrations.AlterField(
            model_name='secondfactorevent',
            name='user',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='second_factor_events', to=settings.AUTH_USER_MODEL, verbose_name='akun'),
        ),
    ]

"""A behaviour's SKP leads behaviour_value_once (skp, value), a review comment's SKP the index
with its resolved_at: their foreign keys' own indexes repeated it (seven behaviours are
written with every SKP)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('skp_drafts', '0003_skp_reviewed_at'),
    ]

    operations = [
        migrations.AlterField(
            model_name='behaviour',
            name='skp',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='behaviours', to='skp_drafts.skp', verbose_name='SKP'),
        ),
        migrations.AlterField(
            model_name='reviewcomment',
            name='skp',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='skp_drafts.skp', verbose_name='SKP'),
        ),
    ]

"""An invitation's survey leads invitation_once_per_person (survey, pegawai): the foreign
key's own index repeated it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0005_response_one_survey_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='invitation',
            name='survey',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='surveys.survey'),
        ),
    ]

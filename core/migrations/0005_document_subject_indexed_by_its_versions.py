"""A document's subject leads document_version_once (subject, version), which also gives the
versions in order: its own two indexes (plain and for LIKE, which no query uses) go."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_data_versions'),
    ]

    operations = [
        migrations.AlterField(
            model_name='issueddocument',
            name='subject',
            field=models.CharField(max_length=80, verbose_name='dokumen dari'),
        ),
    ]

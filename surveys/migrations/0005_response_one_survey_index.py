"""An answer's survey had two identical indexes, the foreign key's own and one of
``Meta.indexes``; every answer written kept both. The foreign key's stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_results_version"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="response",
            name="surveys_res_survey__bb39ec_idx",
        ),
    ]

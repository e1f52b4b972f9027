"""The minutes' notulis, apart from who opened them: the minutes written so far were signed
by the one who opened them, so that is their notulis."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def notulis_is_the_writer(apps, schema_editor):
    meetings = apps.get_model("reports", "EvaluationMeeting")
    meetings.objects.filter(notulis__isnull=True).update(notulis=models.F("created_by"))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_monthly_recap"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluationmeeting",
            name="notulis",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="notulis",
            ),
        ),
        migrations.RunPython(notulis_is_the_writer, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="evaluationmeeting",
            name="notulis",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="notulis",
            ),
        ),
        migrations.AddField(
            model_name="historicalevaluationmeeting",
            name="notulis",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="notulis",
            ),
        ),
        migrations.AlterField(
            model_name="evaluationmeeting",
            name="created_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dibuat oleh",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevaluationmeeting",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dibuat oleh",
            ),
        ),
    ]

from django.db import migrations, models

# Until now the monitoring read the day an SKP was first declared in format from its
# history: the first history row with that status, or its last change for an SKP written
# without history. The same, stored once; the history rows from then on carry it too.
BACKFILL = """
WITH first_reviewed AS (
    SELECT id, MIN(history_date) AS at
    FROM skp_drafts_historicalskp
    WHERE status = 'reviewed'
    GROUP BY id
)
UPDATE skp_drafts_skp AS skp SET reviewed_at = first_reviewed.at
FROM first_reviewed WHERE skp.id = first_reviewed.id;

UPDATE skp_drafts_skp SET reviewed_at = updated_at
WHERE status = 'reviewed' AND reviewed_at IS NULL;

UPDATE skp_drafts_historicalskp AS history SET reviewed_at = skp.reviewed_at
FROM skp_drafts_skp AS skp
WHERE history.id = skp.id AND history.history_date >= skp.reviewed_at;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("skp_drafts", "0002_review_hardening"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalskp",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="pertama sesuai format"),
        ),
        migrations.AddField(
            model_name="skp",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="pertama sesuai format"),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]

"""The SKM summaries: each closed survey's answers summed once (SurveySummary), and the
blocks of the privacy rule made from those sums (SummaryBlock), so that a result adds up a
few thousand rows instead of reading every answer (docs/skm-privacy.md, "Summaries").

A survey is summarised when the team closes it (services.close_survey) and, when it closes
by its date passing, by the first result that needs it (selectors.released_responses), the
scaled seed or the migration that introduced the summaries: no scheduled job is needed. A
closed survey takes no more answers and never reopens, so its summary is final. The blocks
of its kind of service and month are remade each time, since a pool of small surveys grows
as more of that month's surveys close.

Everything here is set-based SQL: a whole seed's twenty thousand surveys take one
statement for the summaries and one per step for the blocks.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from surveys.models import FIGURES, PROFILE_COUNTS, SummaryBlock, Survey, SurveySummary

# PostgreSQL advisory lock key: one transaction at a time writes summaries and blocks.
SUMMARIES_LOCK = 730_019

_SUMS = ",\n    ".join(
    [
        "count(r.id)",
        *(f"coalesce(sum(r.{code}), 0)" for code in FIGURES[1:10]),
        *(
            f"count(r.id) FILTER (WHERE r.{field} = '{value}')"
            for field, value in PROFILE_COUNTS.values()
        ),
        "count(r.id) FILTER (WHERE r.suggestion <> '')",
    ]
)
_COLUMNS = ", ".join(FIGURES)

# The summaries of the surveys %(ids)s, in one pass over their answers. The cell is the
# session's: its kind, its SKPD (a visit's, or an individual session's participant's) and
# its month and day in the portal's time zone.
SUMMARISE = f"""
INSERT INTO surveys_surveysummary (survey_id, kind, skpd_id, month, day, {_COLUMNS})
SELECT sv.id, cs.kind, coalesce(rq.skpd_id, pg.skpd_id),
    date_trunc('month', cs.start AT TIME ZONE %(zone)s)::date,
    (cs.start AT TIME ZONE %(zone)s)::date,
    {_SUMS}
FROM surveys_survey sv
JOIN bookings_coachingsession cs ON cs.id = sv.session_id
LEFT JOIN bookings_skpdrequest rq ON rq.id = cs.skpd_request_id
LEFT JOIN bookings_booking b ON b.id = cs.booking_id
LEFT JOIN accounts_pegawai pg ON pg.id = b.pegawai_id
LEFT JOIN surveys_response r ON r.survey_id = sv.id
WHERE sv.id = ANY(%(ids)s)
GROUP BY sv.id, cs.id, rq.skpd_id, pg.skpd_id
ON CONFLICT (survey_id) DO NOTHING
"""

_GROUPS = "(kind, month) IN (SELECT * FROM unnest(%(kinds)s::varchar[], %(months)s::date[]))"
_MEMBER_SUMS = ", ".join(f"sum({code})" for code in FIGURES)

# The blocks of the kinds and months %(kinds)s × %(months)s (pairwise), as
# surveys/selectors.py's rule makes them: a survey of at least %(floor)s respondents on its
# own; else the small surveys of one SKPD pooled; else what remains of the kind and month.
MAKE_BLOCKS = f"""
WITH cell AS (
    SELECT s.*, sum(respondents) FILTER (WHERE respondents < %(floor)s)
        OVER (PARTITION BY kind, month, skpd_id) AS pool
    FROM surveys_surveysummary s
    WHERE {_GROUPS} AND respondents > 0
), placed AS (
    SELECT c.*,
        CASE WHEN respondents >= %(floor)s THEN 'survey'
             WHEN pool >= %(floor)s THEN 'skpd' ELSE 'month' END AS pooling,
        sum(respondents) FILTER (WHERE respondents < %(floor)s AND pool < %(floor)s)
            OVER (PARTITION BY kind, month) AS rest
    FROM cell c
), member AS (
    SELECT p.*,
        CASE WHEN pooling = 'month' THEN NULL ELSE skpd_id END AS block_skpd,
        CASE WHEN pooling = 'survey' THEN survey_id END AS block_survey
    FROM placed p
    WHERE pooling <> 'month' OR rest >= %(floor)s
), made AS (
    INSERT INTO surveys_summaryblock
        (pooling, kind, month, skpd_id, survey_id, first_day, last_day, {_COLUMNS})
    SELECT pooling, kind, month, block_skpd, block_survey, min(day), max(day), {_MEMBER_SUMS}
    FROM member
    GROUP BY pooling, kind, month, block_skpd, block_survey
    RETURNING id, pooling, kind, month, skpd_id, survey_id
)
UPDATE surveys_surveysummary s SET block_id = made.id
FROM member m
JOIN made ON made.pooling = m.pooling AND made.kind = m.kind AND made.month = m.month
    AND coalesce(made.skpd_id, 0) = coalesce(m.block_skpd, 0)
    AND coalesce(made.survey_id, 0) = coalesce(m.block_survey, 0)
WHERE s.survey_id = m.survey_id
"""


def pending_filter(floor: int) -> Q:
    """Surveys whose summary or blocks are not (yet) written for ``floor``: the open ones,
    the closed ones not yet summarised, and all of them after SKM_MIN_RESPONDENTS changed.
    (Three index ranges, where ``summary_floor <> floor`` would read the whole index.)"""
    return Q(summary_floor__isnull=True) | Q(summary_floor__lt=floor) | Q(summary_floor__gt=floor)


def lock_summaries() -> None:
    """Wait for any other transaction writing summaries, and keep them out until this one
    ends. Taken before any survey's row, so that two summarisers never wait on each other."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SUMMARIES_LOCK])


def summarise_closed(now: datetime.datetime | None = None) -> int:
    """Write the summaries of the surveys closed by ``now`` that have none, and remake the
    blocks of their kinds and months; returns how many surveys were summarised.

    The surveys are locked first: an answer being stored as its survey closes (it holds
    the survey's row, services.submit_response) is counted, and none can follow it."""
    now = now or timezone.now()
    floor = settings.SKM_MIN_RESPONDENTS
    with transaction.atomic(), connection.cursor() as cursor:
        lock_summaries()
        ids = list(
            Survey.objects.select_for_update(no_key=True)
            .filter(pending_filter(floor), closes_at__lte=now)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        zone = settings.TIME_ZONE
        cursor.execute(SUMMARISE, {"ids": ids, "zone": zone})
        cursor.execute(
            "SELECT DISTINCT kind, month FROM surveys_surveysummary WHERE survey_id = ANY(%s)",
            [ids],
        )
        groups = cursor.fetchall()
        _make_blocks(cursor, groups, floor)
        Survey.objects.filter(pk__in=ids).update(summary_floor=floor)
        return len(ids)


def _make_blocks(cursor, groups: list[tuple[str, datetime.date]], floor: int) -> None:
    """Remake the blocks of the given kinds and months from their surveys' summaries."""
    params = {
        "kinds": [kind for kind, _month in groups],
        "months": [month for _kind, month in groups],
        "floor": floor,
    }
    summaries = SurveySummary._meta.db_table
    blocks = SummaryBlock._meta.db_table
    cursor.execute(
        f"UPDATE {summaries} SET block_id = NULL WHERE {_GROUPS} AND block_id IS NOT NULL",
        params,
    )
    cursor.execute(f"DELETE FROM {blocks} WHERE {_GROUPS}", params)
    cursor.execute(MAKE_BLOCKS, params)

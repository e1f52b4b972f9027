"""The scaled demo's SKM: every coaching session of the demo's past has its survey, a link
for each participant who came, and the answers of most of them (anonymous, as the portal
keeps them). Bulk inserts (COPY); created once."""

import bisect
import datetime
import itertools
import random
import secrets
import uuid

from django.conf import settings
from django.utils import timezone

from bookings.models import Attendance, CoachingSession, SessionKind
from core.bulk import (
    analyze_tables,
    copy_rows,
    copy_with_history,
    foreign_keys_checked_after,
    indexes_built_after,
    reserve_ids,
)
from surveys import summaries
from surveys.models import AgeBand, Education, Gender, Invitation, Occupation, Response, Survey

ANSWERED_SHARE = {SessionKind.INDIVIDUAL: 0.9, SessionKind.SKPD: 0.9}
# How the answers fall, per element, over 1–4: the service is free (e4), waiting for a
# slot is what people grumble about (e3).
SCORE_WEIGHTS = {
    "e1": (2, 6, 52, 40),
    "e2": (2, 8, 55, 35),
    "e3": (4, 14, 55, 27),
    "e4": (0, 1, 19, 80),
    "e5": (2, 7, 56, 35),
    "e6": (1, 4, 45, 50),
    "e7": (1, 3, 40, 56),
    "e8": (3, 10, 57, 30),
    "e9": (3, 12, 55, 30),
}
SUGGESTIONS = [
    "Jadwal coaching mohon ditambah, terutama menjelang akhir Januari.",
    "Contoh SKP per jenjang sangat membantu; mohon diperbarui tiap tahun.",
    "Ruangan coaching agak sempit bila peserta banyak.",
    "Materi paparan mohon dibagikan sebelum sesi.",
    "Pelayanan ramah dan jelas, terima kasih.",
    "Mohon ada sesi khusus untuk jabatan fungsional.",
]
SUGGESTION_SHARE = 0.12


def seed_scaled(*, scale: int) -> dict[str, int]:
    """Surveys of the past sessions with their links and answers."""
    if Survey.objects.exists():
        return {"surveys": 0, "responses": 0}
    rng = random.Random(f"skm-{scale}")
    now = timezone.now()
    sessions = list(
        CoachingSession.objects.filter(end__lt=now, attendance__present=True)
        .distinct()
        .order_by("start")
        .values_list("pk", "kind", "end")
    )
    coach_of = dict(
        CoachingSession.coaches.through.objects.filter(
            coachingsession_id__in=[pk for pk, _kind, _end in sessions]
        ).values_list("coachingsession_id", "user_id")
    )
    present = {}
    for session_id, pegawai_id in Attendance.objects.filter(
        present=True, session__end__lt=now
    ).values_list("session_id", "pegawai_id"):
        present.setdefault(session_id, []).append(pegawai_id)

    survey_ids = reserve_ids(Survey, len(sessions))
    surveys, invitations, responses = [], [], []
    link_days = datetime.timedelta(days=settings.SKM_LINK_DAYS)
    zone = timezone.get_current_timezone()
    for survey_id, (session_id, kind, end) in zip(survey_ids, sessions, strict=True):
        opened = end + datetime.timedelta(hours=1)
        closes = opened + link_days
        surveys.append((survey_id, session_id, coach_of[session_id], opened, closes))
        for pegawai_id in present.get(session_id, []):
            used = rng.random() < ANSWERED_SHARE[kind]
            invitations.append((survey_id, pegawai_id, secrets.token_urlsafe(32), used, opened, 0))
            if used:
                answered = min(opened + datetime.timedelta(days=rng.randint(0, 10)), now)
                responses.append(_response(rng, survey_id, answered.astimezone(zone).date()))
    with (
        foreign_keys_checked_after(Survey, Invitation, Response),
        indexes_built_after(Invitation, Response),
    ):
        copy_with_history(
            Survey, ["id", "session_id", "opened_by_id", "opened_at", "closes_at"], surveys
        )
        copy_rows(
            Invitation,
            ["survey_id", "pegawai_id", "token", "used", "last_reminded_at", "reminders_sent"],
            invitations,
        )
        copy_rows(
            Response,
            [
                "id",
                "survey_id",
                "submitted_on",
                *SCORE_WEIGHTS,
                "gender",
                "age_band",
                "education",
                "occupation",
                "suggestion",
            ],
            responses,
        )
    # The closed surveys' summaries and blocks, as the portal writes them when a survey
    # closes: set-based, after fresh statistics for the rows just loaded.
    analyze_tables(CoachingSession, Survey, Response)
    summaries.summarise_closed(now)
    return {"surveys": len(surveys), "responses": len(responses)}


def _picker(values, weights):
    """A draw from ``values`` by ``weights``: one random number and a bisection (some
    200,000 answers × 13 draws at the benchmark's scale)."""
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]
    return lambda rng: values[bisect.bisect_right(cumulative, rng.random() * total)]


SCORES = [_picker((1, 2, 3, 4), weights) for weights in SCORE_WEIGHTS.values()]
PROFILE = [
    _picker(Gender.values, (50, 50)),
    _picker(AgeBand.values, (25, 35, 28, 12)),
    _picker(Education.values, (15, 25, 48, 12)),
    _picker(Occupation.values, (82, 16, 2)),
]


def _response(rng: random.Random, survey_id: int, day: datetime.date) -> tuple:
    return (
        uuid.UUID(int=rng.getrandbits(128), version=4),
        survey_id,
        day.replace(day=1),
        *(score(rng) for score in SCORES),
        *(pick(rng) for pick in PROFILE),
        rng.choice(SUGGESTIONS) if rng.random() < SUGGESTION_SHARE else "",
    )

"""Who may see and change which reports, minutes and dashboard rows.

- A session report: the session's coaches write and submit it; the Kepala Bidang sees every
  report, may write any (the team's work is hers too) and alone approves or returns it; the
  Kepala BKPSDM reads them. Anyone else: 404.
  Individual coaching is no longer reported session by session: a report is started for an
  SKPD visit only (reports/services.py); the reports of individual sessions made before stay
  readable.
- A monthly recap of individual coaching: the same rules, with the coach whose month it is
  in the place of the session's coaches. A coach starts its own; the Kepala Bidang may start
  one for any coach or for the whole team, which the whole team reads.
- Evaluation minutes: the coaching team drafts them (one of them takes the minutes), the
  Kepala Bidang chairs and signs them off; the Kepala BKPSDM reads them.
- The monitoring dashboard: BKPSDM sees every SKPD; a Kasubag Umum only its own.
"""

import rules
from django.db.models import Q, QuerySet

from accounts.models import Skpd, User
from accounts.rules import (
    is_bkpsdm_staff,
    is_coaching_team,
    is_kasubag,
    is_kepala_bidang,
    is_kepala_bkpsdm,
)
from bookings.models import CoachingSession
from bookings.selectors import held_sessions
from reports.models import EvaluationMeeting, MonthlyRecap, SessionReport


def _session_of(target: SessionReport | CoachingSession | None) -> CoachingSession | None:
    if isinstance(target, SessionReport):
        return target.session
    return target


@rules.predicate
def coached_session(user: User, target: SessionReport | CoachingSession | None) -> bool:
    """Whether ``user`` is one of the coaches of the session (of the report)."""
    session = _session_of(target)
    if session is None or not user.is_authenticated:
        return False
    return session.coaches.filter(pk=user.pk).exists()


is_report_reader = is_coaching_team | is_kepala_bkpsdm

rules.add_perm("reports.list_reports", is_report_reader)
rules.add_perm("reports.view_report", coached_session | is_kepala_bidang | is_kepala_bkpsdm)
rules.add_perm("reports.write_report", coached_session | is_kepala_bidang)
rules.add_perm("reports.decide_report", is_kepala_bidang)


@rules.predicate
def coach_of_recap(user: User, recap: MonthlyRecap | None) -> bool:
    """Whether the recap is of ``user``'s own month."""
    return (
        recap is not None
        and user.is_authenticated
        and recap.coach_id is not None
        and recap.coach_id == user.pk
    )


@rules.predicate
def team_recap(user: User, recap: MonthlyRecap | None) -> bool:
    return recap is not None and recap.coach_id is None


rules.add_perm("reports.list_recaps", is_report_reader)
rules.add_perm("reports.start_recap", is_coaching_team)
rules.add_perm(
    "reports.view_recap",
    coach_of_recap | (team_recap & is_coaching_team) | is_kepala_bidang | is_kepala_bkpsdm,
)
rules.add_perm("reports.write_recap", coach_of_recap | is_kepala_bidang)
rules.add_perm("reports.decide_recap", is_kepala_bidang)

rules.add_perm("reports.list_meetings", is_report_reader)
rules.add_perm("reports.write_minutes", is_coaching_team)
rules.add_perm("reports.finalize_minutes", is_kepala_bidang)

rules.add_perm("reports.view_dashboard", is_bkpsdm_staff | is_kasubag)


def reportable_sessions(user: User) -> QuerySet[CoachingSession]:
    """The held sessions whose report ``user`` may open: those it coached; every one for
    the Kepala Bidang and the Kepala BKPSDM."""
    if not user.is_authenticated or not is_report_reader(user):
        return CoachingSession.objects.none()
    if is_kepala_bidang(user) or is_kepala_bkpsdm(user):
        return held_sessions()
    return held_sessions().filter(coaches=user)


def visible_reports(user: User) -> QuerySet[SessionReport]:
    """The reports ``user`` may open (the rows of reports.view_report)."""
    if not user.is_authenticated or not is_report_reader(user):
        return SessionReport.objects.none()
    if is_kepala_bidang(user) or is_kepala_bkpsdm(user):
        return SessionReport.objects.all()
    return SessionReport.objects.filter(session__coaches=user)


def visible_recaps(user: User) -> QuerySet[MonthlyRecap]:
    """The recaps ``user`` may open (the rows of reports.view_recap)."""
    if not user.is_authenticated or not is_report_reader(user):
        return MonthlyRecap.objects.none()
    if is_kepala_bidang(user) or is_kepala_bkpsdm(user):
        return MonthlyRecap.objects.all()
    return MonthlyRecap.objects.filter(Q(coach=user) | Q(coach__isnull=True))


def visible_meetings(user: User) -> QuerySet[EvaluationMeeting]:
    if not user.is_authenticated or not is_report_reader(user):
        return EvaluationMeeting.objects.none()
    return EvaluationMeeting.objects.all()


def dashboard_skpd_ids(user: User) -> frozenset[int] | None:
    """The SKPD whose dashboard row ``user`` sees: None for every SKPD (BKPSDM), else the
    SKPD it is Kasubag of (empty for anyone else)."""
    if not user.is_authenticated:
        return frozenset()
    if is_bkpsdm_staff(user):
        return None
    return frozenset(user.kasubag_skpd_ids)


def visible_dashboard_skpd(user: User) -> QuerySet[Skpd]:
    ids = dashboard_skpd_ids(user)
    return Skpd.objects.all() if ids is None else Skpd.objects.filter(pk__in=ids)

"""Opening a session's survey, answering it once per link, and reminding who has not."""

import datetime
import re
import secrets

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from bookings.models import CoachingSession
from bookings.selectors import held_sessions
from core.errors import PortalError
from core.history import stamp
from core.mail import absolute_url, send_portal_mail
from surveys import summaries
from surveys.models import Invitation, Response, Survey

REMINDER_INTERVAL = datetime.timedelta(days=1)
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class SurveyError(PortalError):
    """A refused step, with its reason in Indonesian; ``code`` tells the page what to say."""


def link_of(invitation: Invitation) -> str:
    return absolute_url(reverse("surveys:answer", args=[invitation.token]))


@transaction.atomic
def open_survey(*, actor: User, session_id: int) -> Survey:
    """The team opens a held session's survey: one link per participant who attended, each
    e-mailed to that participant."""
    if not rules.has_perm("surveys.manage_surveys", actor):
        raise PermissionDenied
    session = CoachingSession.objects.select_for_update(no_key=True).get(pk=session_id)
    if timezone.now() < session.end:
        raise SurveyError(_("Survei dibuka setelah sesi selesai."))
    if not held_sessions().filter(pk=session.pk).exists():
        raise SurveyError(_("Survei dibuka setelah sesi ditandai sudah dilaksanakan."))
    if Survey.objects.filter(session=session).exists():
        raise SurveyError(_("Survei sesi ini sudah dibuka."))
    attended = list(session.attendance.filter(present=True).select_related("pegawai__user"))
    if not attended:
        raise SurveyError(_("Belum ada peserta yang tercatat hadir."))
    now = timezone.now()
    survey = Survey(
        session=session,
        opened_by=actor,
        opened_at=now,
        closes_at=now + datetime.timedelta(days=settings.SKM_LINK_DAYS),
    )
    stamp(survey, actor, _("Dibuka"))
    survey.save()
    invitations = Invitation.objects.bulk_create(
        [
            # The invitation itself counts as the day's message.
            Invitation(
                survey=survey,
                pegawai=a.pegawai,
                token=secrets.token_urlsafe(32),
                last_reminded_at=now,
            )
            for a in attended
        ]
    )
    people = {a.pegawai_id: a.pegawai for a in attended}
    for invitation in invitations:
        _mail_link(invitation, people[invitation.pegawai_id], survey, "surveys/email/invitation")
    return survey


def _mail_link(invitation: Invitation, pegawai, survey: Survey, template: str) -> None:
    address = pegawai.user.email if pegawai.user_id and pegawai.user.email else pegawai.email
    if address:
        send_portal_mail(
            template,
            to=address,
            context={"pegawai": pegawai, "survey": survey, "link": link_of(invitation)},
        )


@transaction.atomic
def send_reminders(*, actor: User, survey_id: int) -> int:
    """E-mail again those who have not answered, at most once a day each."""
    if not rules.has_perm("surveys.manage_surveys", actor):
        raise PermissionDenied
    survey = Survey.objects.select_for_update(no_key=True).get(pk=survey_id)
    now = timezone.now()
    if now >= survey.closes_at:
        raise SurveyError(_("Survei ini sudah ditutup."))
    due = (
        survey.invitations.select_for_update(of=("self",), no_key=True)
        .filter(used=False)
        .exclude(last_reminded_at__gt=now - REMINDER_INTERVAL)
        .select_related("pegawai__user")
    )
    sent = 0
    for invitation in due:
        invitation.last_reminded_at = now
        invitation.reminders_sent += 1
        invitation.save(update_fields=["last_reminded_at", "reminders_sent"])
        _mail_link(invitation, invitation.pegawai, survey, "surveys/email/reminder")
        sent += 1
    return sent


def invitation_for(token: str) -> Invitation:
    """The invitation of a link; SurveyError says kindly why it cannot be answered."""
    if not TOKEN.fullmatch(token):
        raise SurveyError(_("Tautan survei ini tidak dikenal."), code="unknown")
    invitation = Invitation.objects.select_related("survey__session").filter(token=token).first()
    if invitation is None:
        raise SurveyError(_("Tautan survei ini tidak dikenal."), code="unknown")
    if invitation.used:
        raise SurveyError(_("Survei ini sudah diisi. Terima kasih!"), code="used")
    if timezone.now() >= invitation.survey.closes_at:
        raise SurveyError(_("Masa pengisian survei ini sudah berakhir."), code="expired")
    return invitation


@transaction.atomic
def submit_response(*, token: str, answers: dict) -> None:
    """Record one answer for a link, once; the answer keeps no trace of the link or the
    person.

    The survey's row is locked first, so that answers to one survey are stored one after
    another: each rewrites every link of the survey (below), and two such rewrites running
    side by side would deadlock. Under the lock the survey is checked again, so an answer
    sent as the team closes the survey is refused, not counted after the close."""
    invitation = invitation_for(token)
    survey = Survey.objects.select_for_update(no_key=True).get(pk=invitation.survey_id)
    if timezone.now() >= survey.closes_at:
        raise SurveyError(_("Masa pengisian survei ini sudah berakhir."), code="expired")
    claimed = Invitation.objects.filter(pk=invitation.pk, used=False).update(used=True)
    if not claimed:
        raise SurveyError(_("Survei ini sudah diisi. Terima kasih!"), code="used")
    Response.objects.create(
        survey_id=survey.pk,
        # The month only: a day could single out the one participant who answered then.
        submitted_on=timezone.localdate().replace(day=1),
        **answers,
    )
    # Every link of the survey is rewritten in this transaction, so that no row version
    # (PostgreSQL's xmin) ties the answer to the one link that was used.
    Invitation.objects.filter(survey_id=survey.pk).update(used=F("used"))


def _open_survey_for_change(actor: User, survey_id: int) -> Survey:
    """The survey, locked, for the team to close or extend while it is still open."""
    if not rules.has_perm("surveys.manage_surveys", actor):
        raise PermissionDenied
    survey = Survey.objects.select_for_update(no_key=True).get(pk=survey_id)
    if timezone.now() >= survey.closes_at:
        # Reopening would let its figures move again after they were shown.
        raise SurveyError(_("Survei ini sudah ditutup."), code="closed")
    return survey


@transaction.atomic
def close_survey(*, actor: User, survey_id: int) -> Survey:
    """Close a survey before its date: the unused links say it is closed, and its answers
    count in the results from now on (its summary is written here)."""
    summaries.lock_summaries()  # before the survey's row, as every summariser takes them
    survey = _open_survey_for_change(actor, survey_id)
    survey.closes_at = timezone.now()
    stamp(survey, actor, _("Ditutup lebih awal"))
    survey.save(update_fields=["closes_at"])
    summaries.summarise_closed(survey.closes_at)
    return survey


@transaction.atomic
def extend_survey(*, actor: User, survey_id: int, closes_on: datetime.date) -> Survey:
    """Keep an open survey's links valid until the end of ``closes_on`` (WITA)."""
    survey = _open_survey_for_change(actor, survey_id)
    closes_at = timezone.make_aware(
        datetime.datetime.combine(closes_on + datetime.timedelta(days=1), datetime.time())
    )
    if closes_at <= survey.closes_at:
        raise SurveyError(_("Tanggal baru harus sesudah tanggal penutupan sekarang."))
    if closes_at > survey.closes_at + datetime.timedelta(days=settings.SKM_LINK_DAYS + 1):
        raise SurveyError(
            _("Perpanjangan paling lama %(days)d hari sesudah tanggal penutupan sekarang.")
            % {"days": settings.SKM_LINK_DAYS}
        )
    survey.closes_at = closes_at
    stamp(survey, actor, _("Diperpanjang"))
    survey.save(update_fields=["closes_at"])
    return survey

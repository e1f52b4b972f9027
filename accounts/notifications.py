"""In-portal notifications, each also sent by e-mail when the user has an address."""

from django.db.models import Case, Count, F, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Notification, Pegawai, User
from accounts.user_cache import forget_users
from core import whatsapp
from core.mail import absolute_url, send_portal_mail
from core.text import tidy_stops


def notify(users, *, text: str, link: str = "", mail: bool = True) -> None:
    """Leave ``text`` (with ``link``, a path in the portal) in each user's inbox and mail it
    (``mail=False`` where the caller sends its own, fuller e-mail)."""
    users = list({user.pk: user for user in users if user is not None}.values())
    text = tidy_stops(text)
    Notification.objects.bulk_create(
        [Notification(user=user, text=text[:500], link=link) for user in users]
    )
    User.objects.filter(pk__in=[user.pk for user in users]).update(
        unread_notifications=F("unread_notifications") + 1
    )
    forget_users(user.pk for user in users)  # the bell's count is part of the kept user
    for user in users if mail else []:
        if user.email:
            send_portal_mail(
                "accounts/email/notification",
                to=user.email,
                context={"text": text, "url": absolute_url(link) if link else ""},
            )
    _whatsapp([user for user in users if user.whatsapp_opt_in], text, link)


def _whatsapp(users: list[User], text: str, link: str) -> None:
    """The same notice by WhatsApp to those who opted in, when the office has the channel."""
    if not users or not whatsapp.channel_enabled():
        return
    message = f"{text} {absolute_url(link)}" if link else text
    for phone in (
        Pegawai.objects.filter(user__in=users).exclude(phone="").values_list("phone", flat=True)
    ):
        whatsapp.queue_message(phone, message)


def inbox(user: User) -> QuerySet[Notification]:
    """Unread first, then newest first."""
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1))
    return Notification.objects.filter(user=user).order_by(unread_first, "-created_at", "-pk")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: User, notification_id: int | None = None, *, link: str = "") -> None:
    """Mark one of ``user``'s notifications read, those about ``link`` (the user dealt with
    the thing they point to), or all of them; the bell's count is counted anew in the same
    statement, so a notification arriving meanwhile is not lost."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    if link:
        unread = unread.filter(link=link)
    if not unread.update(read_at=timezone.now()) and (notification_id or link):
        return  # nothing was unread: the count stands
    still_unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.filter(pk=user.pk).update(unread_notifications=Coalesce(Subquery(still_unread), 0))
    forget_users([user.pk])
    user.refresh_from_db(fields=["unread_notifications"])

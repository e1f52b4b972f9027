"""In-portal notifications, each also sent by e-mail when the user has an address."""

from django.db.models import QuerySet

from accounts.models import Notification, User
from core.mail import absolute_url, send_portal_mail


def notify(users, *, text: str, link: str = "") -> None:
    """Leave ``text`` (with ``link``, a path in the portal) in each user's inbox and mail it."""
    users = [user for user in users if user is not None]
    Notification.objects.bulk_create(
        [Notification(user=user, text=text[:500], link=link) for user in users]
    )
    for user in users:
        if user.email:
            send_portal_mail(
                "accounts/email/notification",
                to=user.email,
                context={"text": text, "url": absolute_url(link) if link else ""},
            )


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()

"""Who sent a request: the client's address as the trusted proxies saw it."""

from django.conf import settings


def client_ip(request) -> str:
    """The address of the person at the keyboard.

    Behind TRUSTED_PROXY_COUNT reverse proxies (nginx, a load balancer) every request comes
    from the nearest proxy; each proxy appends the address it saw to X-Forwarded-For, so
    the client is the entry the outermost trusted proxy wrote, counted from the right.
    Entries further left were sent by the client itself and prove nothing. Without a proxy
    the header is ignored altogether.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies][:45]
    return request.META.get("REMOTE_ADDR", "")

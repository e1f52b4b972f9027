"""Secrets in URLs stay out of the logs.

A survey link (``/s/<token>/``) is a participant's single-use key, and activation and
password-reset links carry a token that sets a password. Access logs, Django's own request
log and the Referer of the pages they load would otherwise keep them for anyone who reads
the logs. The same masking serves gunicorn's access log (``GunicornLogger``, named in
``deploy/gunicorn.conf.py``) and Django's loggers (``MaskSecretsFilter`` in LOGGING).

No Django import here: gunicorn loads this module before the application.
"""

import logging
import re

from gunicorn.glogging import Logger

MASK = "***"
# The URL shapes of accounts/urls.py and surveys/urls.py that carry a secret.
SECRET_PATHS = [
    re.compile(r"(/s/)[^/?#\s\"]+"),
    re.compile(r"(/aktivasi/[^/?#\s\"]+/)[^/?#\s\"]+"),
    re.compile(r"(/kata-sandi/atur/[^/?#\s\"]+/)(?!set-password)[^/?#\s\"]+"),
]


def mask_secrets(text: str) -> str:
    for pattern in SECRET_PATHS:
        text = pattern.sub(rf"\g<1>{MASK}", text)
    return text


class MaskSecretsFilter(logging.Filter):
    """Masks secret URLs in a record's message (Django logs "Not Found: /s/<token>/")."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        request = getattr(record, "request", None)
        if request is not None and mask_secrets(getattr(request, "path", "")) != request.path:
            # The handler of django.request may print the request itself.
            record.request = None
        return True


class GunicornLogger(Logger):
    """gunicorn's logger, with secret URLs masked in every atom of the access log (request
    line, path, Referer, any header)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: mask_secrets(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }

"""System checks of the accounts' set-up (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks


def check_second_factor_required(app_configs, **kwargs):
    """SECOND_FACTOR_REQUIRED=0 is for development or an emergency: a production server left
    that way lets Admin and the Kepala sign in with a password alone."""
    if not settings.SECOND_FACTOR_REQUIRED:
        return [
            checks.Warning(
                "The second factor is not required: Admin, Kepala BKPSDM and Kepala Bidang "
                "may sign in with the password alone.",
                hint="Remove SECOND_FACTOR_REQUIRED=0 from the environment once the "
                "emergency is over.",
                id="accounts.W001",
            )
        ]
    return []

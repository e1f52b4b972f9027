"""Who may do what with the e-Kinerja imports and what they show.

- Importing an export (upload, preview, apply): the coaching team and the Admin.
- The figures and the predikat disagreements: BKPSDM (Kepala BKPSDM, Kepala Bidang, team,
  Admin).
- An SKPD's list of ASN whose SKP is not yet approved (and its download): BKPSDM, and the
  Kasubag Umum of that SKPD only; another SKPD's list answers 404.
"""

import rules
from django.db.models import QuerySet

from accounts.models import Skpd, User
from accounts.rules import (
    is_admin,
    is_bkpsdm_staff,
    is_coaching_team,
    is_kasubag,
    is_kasubag_of_skpd,
)

rules.add_perm("ekinerja.import_export", is_coaching_team | is_admin)
rules.add_perm("ekinerja.view_figures", is_bkpsdm_staff)
rules.add_perm("ekinerja.view_gaps", is_bkpsdm_staff | is_kasubag)
rules.add_perm("ekinerja.view_skpd_gaps", is_bkpsdm_staff | is_kasubag_of_skpd)


def gap_skpds(user: User) -> QuerySet[Skpd]:
    """The SKPD whose list ``user`` may open (the rows of ekinerja.view_skpd_gaps)."""
    if not user.is_authenticated:
        return Skpd.objects.none()
    if is_bkpsdm_staff(user):
        return Skpd.objects.filter(is_active=True)
    return Skpd.objects.filter(is_active=True, pk__in=user.kasubag_skpd_ids)

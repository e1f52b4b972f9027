"""Building what the SKP editor posts, as the page would."""

from skp_drafts.berakhlak import CoreValue
from skp_drafts.models import Skp


def editor_post(skp: Skp, rhks: list[dict], **header) -> dict:
    """The editor's POST data: ``rhks`` are dicts of an RHK's fields (``id`` for an existing
    one, listed first as the page lists them) with ``indicators``, a list of dicts."""
    data = {
        "version": skp.version,
        "skp-period_start": skp.period_start.isoformat(),
        "skp-period_end": skp.period_end.isoformat(),
        "skp-approach": skp.approach,
        "skp-pangkat": skp.pangkat,
        "skp-pejabat_penilai": skp.pejabat_penilai.nip if skp.pejabat_penilai else "",
        "skp-penilai_pangkat": skp.penilai_pangkat,
        "skp-atasan_penilai": skp.atasan_penilai.nip if skp.atasan_penilai else "",
        "skp-atasan_penilai_pangkat": skp.atasan_penilai_pangkat,
        "skp-dukungan_sumber_daya": skp.dukungan_sumber_daya,
        "skp-skema_pertanggungjawaban": skp.skema_pertanggungjawaban,
        "skp-konsekuensi": skp.konsekuensi,
        "rhk-TOTAL_FORMS": len(rhks),
        "rhk-INITIAL_FORMS": sum(1 for rhk in rhks if rhk.get("id")),
        "rhk-MIN_NUM_FORMS": 0,
        "rhk-MAX_NUM_FORMS": 60,
    }
    expectations = {b.value: b.expectation for b in skp.behaviours.all()}
    for value in CoreValue:
        data[f"skp-expectation_{value}"] = expectations.get(value, "")
    data.update({f"skp-{key}": value for key, value in header.items()})
    for index, rhk in enumerate(rhks):
        prefix = f"rhk-{index}"
        indicators = rhk.get("indicators", [])
        data.update(
            {
                f"{prefix}-id": rhk.get("id") or "",
                f"{prefix}-kind": rhk.get("kind", "utama"),
                f"{prefix}-text": rhk.get("text", ""),
                f"{prefix}-parent": rhk.get("parent") or "",
                f"{prefix}-parent_text": rhk.get("parent_text", ""),
                f"{prefix}-perspective": rhk.get("perspective", ""),
                f"{prefix}-ORDER": rhk.get("ORDER", index),
                f"{prefix}-ind-TOTAL_FORMS": len(indicators),
                f"{prefix}-ind-INITIAL_FORMS": sum(1 for i in indicators if i.get("id")),
                f"{prefix}-ind-MIN_NUM_FORMS": 0,
                f"{prefix}-ind-MAX_NUM_FORMS": 10,
            }
        )
        if rhk.get("DELETE"):
            data[f"{prefix}-DELETE"] = "on"
        for position, indicator in enumerate(indicators):
            iprefix = f"{prefix}-ind-{position}"
            data.update(
                {
                    f"{iprefix}-id": indicator.get("id") or "",
                    f"{iprefix}-aspect": indicator.get("aspect", ""),
                    f"{iprefix}-text": indicator.get("text", ""),
                    f"{iprefix}-target": indicator.get("target", ""),
                    f"{iprefix}-ORDER": indicator.get("ORDER", position),
                }
            )
            if indicator.get("DELETE"):
                data[f"{iprefix}-DELETE"] = "on"
    return data

"""Every change to draft SKPs: making one, saving its content (from the editor or an Excel
file), review comments, links to coaching, and the guide.

Saving is the one way content changes. It runs under a lock of the SKP's row and refuses a
save based on an older version than the one stored (two tabs, two people), so nothing typed
elsewhere is overwritten unseen. Every row a save touches gets one shared history moment,
read from the database's clock (the same for every app server), and the SKP's version
number goes up by one: that is how a version is read back (skp_drafts/versions.py).
"""

import datetime
from dataclasses import replace

import rules
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Pegawai, User
from accounts.notifications import notify
from accounts.rules import is_kepala_bidang
from bookings.models import Attendance, Booking, CoachingSession
from core.history import fit_reason, stamp
from core.uploads import content_matches, extension_of
from skp_drafts import excel
from skp_drafts.berakhlak import CoreValue
from skp_drafts.content import (
    HEADER_FIELDS,
    LAMPIRAN_MAX,
    MAX_INDICATORS,
    MAX_PRINT_SIZE,
    MAX_RHKS,
    PANGKAT_MAX,
    TARGET_MAX,
    TEXT_MAX,
    IndicatorContent,
    RhkContent,
    SkpContent,
    SkpError,
    StaleVersion,
    content_of,
    print_size,
)
from skp_drafts.document import Document, document_skp_queryset, load_document
from skp_drafts.models import (
    LAMPIRAN_FIELDS,
    Approach,
    Aspect,
    Behaviour,
    GuideMaterial,
    Indicator,
    Perspective,
    ReviewComment,
    Rhk,
    RhkKind,
    Skp,
    SkpStatus,
)
from skp_drafts.rules import LIVE_BOOKINGS

EDITABLE = frozenset({SkpStatus.DRAFT, SkpStatus.REVISION})


def _database_now() -> datetime.datetime:
    """The database's clock: one for every app server, so that versions never overlap."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def allowed_parent_ids(document: Document) -> set[int]:
    """The RHK an RHK of this SKP may intervene: those of the superior's SKP of the year."""
    if document.skp.is_jpt or document.skp.is_example:
        return set()
    return {rhk.pk for rhk in document.superior_rhks}


# Making an SKP -----------------------------------------------------------------------------


def _new_skp(actor: User, reason: str, **fields) -> Skp:
    """Version 1 of an SKP: its header and the seven behaviours, one history moment."""
    now = _database_now()
    skp = Skp(**fields)
    skp._history_date = now
    stamp(skp, actor, reason)
    try:
        with transaction.atomic():
            skp.save()
    except IntegrityError:
        raise SkpError(
            _("Anda sudah memiliki SKP tahun %(year)s. Buka SKP itu untuk mengubahnya.")
            % {"year": fields["year"]}
        ) from None
    bulk_create_with_history(
        [Behaviour(skp=skp, value=value) for value in CoreValue],
        Behaviour,
        default_user=actor,
        default_change_reason=fit_reason(reason),
        default_date=now,
    )
    return skp


@transaction.atomic
def create_skp(
    *,
    actor: User,
    pegawai: Pegawai,
    year: int,
    example_id: int | None = None,
    copy_previous: bool = False,
) -> Skp:
    """A new annual SKP of ``pegawai``: empty, started from one of the guide's examples, or
    from its own SKP of the year before (its intervened RHK kept in words, since the
    superior's RHK of the new year are others)."""
    if not rules.has_perm("skp_drafts.create_skp", actor) or actor.pegawai.pk != pegawai.pk:
        raise SkpError(_("Anda hanya dapat membuat SKP Anda sendiri."))
    source, origin = None, ""
    if example_id is not None:
        source = Skp.objects.filter(pk=example_id, pegawai__isnull=True, is_published=True).first()
        if source is None:
            raise SkpError(_("Contoh SKP itu tidak ada atau tidak lagi ditampilkan."))
        origin = _("Disalin dari contoh “%(title)s”") % {"title": source.example_title}
    elif copy_previous:
        source = Skp.objects.filter(pegawai=pegawai, year=year - 1).first()
        if source is None:
            raise SkpError(_("Anda belum memiliki SKP tahun %(year)s.") % {"year": year - 1})
        origin = _("Disalin dari SKP %(year)s") % {"year": source.year}
    atasan = pegawai.atasan
    start, end = Skp.annual_period(year)
    skp = _new_skp(
        actor,
        _("SKP dibuat"),
        pegawai=pegawai,
        jenjang=pegawai.jenjang,
        year=year,
        period_start=start,
        period_end=end,
        pejabat_penilai=atasan,
        atasan_penilai=atasan.atasan if atasan else None,
        pangkat=source.pangkat if copy_previous and source else "",
    )
    if source is not None:
        _copy_into(actor, skp, load_document(source), reason=origin)
    return skp


def _copy_into(actor: User, skp: Skp, source: Document, *, reason: str) -> None:
    """Give a new SKP the RHK, behaviours' expectations, approach and attachment of another;
    the intervened RHK stay in words only, to be chosen again from the superior's SKP."""
    content = content_of(source)
    for rhk, rhk_content in zip(source.rhks, content.rhks, strict=True):
        rhk_content.id = None
        rhk_content.parent_id = None
        rhk_content.parent_text = rhk.parent.text if rhk.parent_id else rhk.parent_text
        for indicator in rhk_content.indicators:
            indicator.id = None
    kept = set(LAMPIRAN_FIELDS) | {"approach"}
    content = replace(
        content, **{name: getattr(skp, name) for name in HEADER_FIELDS if name not in kept}
    )
    _apply(actor, skp, load_document(skp), content, reason=reason)


def _require_guide_manager(actor: User) -> None:
    if not rules.has_perm("skp_drafts.manage_guide", actor):
        raise SkpError(_("Hanya tim coaching yang mengelola panduan."))


@transaction.atomic
def create_example(*, actor: User, jenjang: str, title: str) -> Skp:
    """An example SKP of the guide, unpublished until the team shows it."""
    _require_guide_manager(actor)
    year = timezone.localdate().year
    start, end = Skp.annual_period(year)
    return _new_skp(
        actor,
        _("Contoh SKP dibuat"),
        jenjang=jenjang,
        year=year,
        period_start=start,
        period_end=end,
        example_title=title,
    )


@transaction.atomic
def publish_example(*, actor: User, skp_id: int, published: bool) -> Skp:
    """Show an example in the guide, or hide it again."""
    _require_guide_manager(actor)
    skp = Skp.objects.select_for_update(no_key=True).get(pk=skp_id, pegawai__isnull=True)
    skp.is_published = published
    stamp(skp, actor, _("Ditampilkan di panduan") if published else _("Disembunyikan"))
    skp.save(update_fields=["is_published", "updated_at"])
    return skp


@transaction.atomic
def delete_example(*, actor: User, skp_id: int) -> None:
    """Remove an example from the guide (SKP copied from it keep their content)."""
    _require_guide_manager(actor)
    # FOR UPDATE, not NO KEY: the row is deleted.
    skp = Skp.objects.select_for_update().get(pk=skp_id, pegawai__isnull=True)
    stamp(skp, actor, _("Contoh SKP dihapus"))
    skp.delete()


# Saving content ----------------------------------------------------------------------------


def check_editable(*, actor: User, skp: Skp) -> None:
    """Refuse, with the reason, a change of this SKP's content by ``actor`` now."""
    if not rules.has_perm("skp_drafts.edit_skp", actor, skp):
        raise SkpError(_("Anda tidak berwenang mengubah SKP ini."))
    if not skp.is_example and skp.status not in EDITABLE:
        raise SkpError(
            _(
                "SKP berstatus “%(status)s” tidak dapat diubah. Tarik kembali pengajuannya "
                "atau buka kembali SKP ini lebih dulu."
            )
            % {"status": skp.get_status_display()}
        )


def _lock_for_edit(actor: User, skp_id: int) -> Skp:
    skp = document_skp_queryset().select_for_update(of=("self",), no_key=True).get(pk=skp_id)
    check_editable(actor=actor, skp=skp)
    return skp


@transaction.atomic
def save_content(
    *,
    actor: User,
    skp_id: int,
    content: SkpContent,
    expected_version: int | None,
    reason: str = "",
) -> bool:
    """Make the SKP contain ``content``; False when it already did (no new version).

    ``expected_version`` is the version the editor was opened at; a save based on an older
    one is refused, since someone saved in between."""
    skp = _lock_for_edit(actor, skp_id)
    if expected_version is not None and expected_version != skp.version:
        raise StaleVersion(
            _(
                "SKP ini sudah disimpan di tempat lain (sekarang versi %(version)d) sejak "
                "halaman ini dibuka, jadi isian Anda belum disimpan. Salin teks yang Anda "
                "ketik, buka lagi SKP ini dari halaman SKP (bukan tombol muat ulang), lalu "
                "ubah lagi."
            )
            % {"version": skp.version}
        )
    return _apply(actor, skp, load_document(skp), content, reason=reason or _("Disimpan"))


@transaction.atomic
def import_excel(*, actor: User, skp_id: int, uploaded) -> tuple[bool, list]:
    """Replace the SKP's content with an Excel file's, under the lock of the SKP, read
    against the SKP as it is now. Returns whether anything changed, and the problems of the
    file's rows: when there is any, nothing is changed."""
    skp = _lock_for_edit(actor, skp_id)
    document = load_document(skp)
    content, problems = excel.read_skp(uploaded, document)
    if problems:
        return False, problems
    reason = _("Diimpor dari %(file)s") % {"file": uploaded.name}
    return _apply(actor, skp, document, content, reason=reason), []


def _apply(actor: User, skp: Skp, document: Document, content: SkpContent, *, reason: str) -> bool:
    _check_content(content, document)
    now = _database_now()

    def write(instance, *, delete: bool = False) -> None:
        # One moment for every row of this save: the version as a whole.
        instance._history_date = now
        stamp(instance, actor, reason)
        instance.delete() if delete else instance.save()

    parents = allowed_parent_ids(document)
    rhks = [_normalised(skp, rhk) for rhk in content.rhks]
    chosen = {rhk.parent_id for rhk in rhks if rhk.parent_id is not None}
    if chosen - parents:
        raise SkpError(
            _("RHK pimpinan yang dipilih tidak ada di SKP %(year)s atasan langsung.")
            % {"year": skp.year}
        )
    # The superior's RHK chosen stay while this save runs: deleting one waits for it, and
    # then finds that it is intervened.
    list(Rhk.objects.select_for_update(no_key=True).filter(pk__in=chosen).values_list("pk"))

    changed = False
    current = {rhk.pk: rhk for rhk in document.rhks}
    unknown = {rhk.id for rhk in rhks if rhk.id is not None} - set(current)
    if unknown:
        raise SkpError(_("Data RHK tidak cocok dengan SKP ini. Muat ulang halaman."))
    removed = set(current) - {rhk.id for rhk in rhks}
    _refuse_removing_intervened(removed)
    for rhk_content, position in zip(rhks, _orders(document.rhks, rhks), strict=True):
        if rhk_content.id is None:
            rhk = Rhk(skp=skp)
            rhk.indicator_list = []
        else:
            rhk = current[rhk_content.id]
        values = {
            "kind": rhk_content.kind,
            "order": position,
            "text": rhk_content.text,
            "parent_id": rhk_content.parent_id,
            "parent_text": rhk_content.parent_text,
            "perspective": rhk_content.perspective,
        }
        if rhk.pk is None or any(getattr(rhk, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(rhk, key, value)
            write(rhk)
            changed = True
        changed |= _apply_indicators(rhk, rhk_content.indicators, write)
    for rhk_id in removed:
        for indicator in current[rhk_id].indicator_list:
            write(indicator, delete=True)
        write(current[rhk_id], delete=True)
        changed = True
    for value in CoreValue:
        behaviour = next((b for b in document.behaviours if b.value == value), None)
        expectation = content.expectations.get(value, behaviour.expectation if behaviour else "")
        if behaviour is None:
            write(Behaviour(skp=skp, value=value, expectation=expectation))
            changed = True
        elif behaviour.expectation != expectation:
            behaviour.expectation = expectation
            write(behaviour)
            changed = True
    header = {name: getattr(content, name) for name in HEADER_FIELDS}
    if skp.is_example:
        header.update(pejabat_penilai_id=None, atasan_penilai_id=None)
    if any(getattr(skp, name) != value for name, value in header.items()):
        for name, value in header.items():
            setattr(skp, name, value)
        changed = True
    if changed:
        skp.version += 1
        write(skp)
    return changed


def _refuse_removing_intervened(rhk_ids: set[int]) -> None:
    """An RHK that subordinates' RHK intervene stays: their SKP would change unseen."""
    interventions = list(
        Rhk.objects.filter(parent_id__in=rhk_ids)
        .select_related("parent", "skp__pegawai")
        .order_by("parent_id", "skp__pegawai__name")
    )
    if interventions:
        first = interventions[0].parent
        names = sorted({rhk.skp.pegawai.name for rhk in interventions if rhk.parent == first})
        raise SkpError(
            _(
                "RHK “%(rhk)s” tidak dapat dihapus: RHK bawahan mengintervensinya (%(names)s). "
                "Ubah teksnya saja, atau minta mereka memilih RHK lain lebih dulu."
            )
            % {"rhk": first.text[:120], "names": ", ".join(names)}
        )


def _orders(rows: list, contents: list) -> list[int]:
    """The order numbers to store: the rows' own while the page kept them as they were (no
    new version for a renumbering nobody asked for), their positions otherwise."""
    if [content.id for content in contents] == [row.pk for row in rows]:
        return [row.order for row in rows]
    return list(range(len(contents)))


def _normalised(skp: Skp, rhk: RhkContent) -> RhkContent:
    """What the SKP's form holds: JPT RHK have a perspective and no intervened RHK or
    aspects; the others the reverse; examples name their intervened RHK in words only."""
    if skp.is_jpt:
        rhk = replace(rhk, parent_id=None, parent_text="")
        rhk.indicators = [replace(i, aspect="") for i in rhk.indicators]
    else:
        rhk = replace(rhk, perspective="")
    if skp.is_example:
        rhk.parent_id = None
    return rhk


def _apply_indicators(rhk: Rhk, indicators: list[IndicatorContent], write) -> bool:
    changed = False
    current = {indicator.pk: indicator for indicator in rhk.indicator_list}
    kept: set[int] = set()
    for content, position in zip(indicators, _orders(rhk.indicator_list, indicators), strict=True):
        if content.id is None:
            indicator = Indicator(rhk=rhk)
        elif content.id in current:
            indicator = current[content.id]
            kept.add(indicator.pk)
        else:
            raise SkpError(_("Data indikator tidak cocok dengan SKP ini. Muat ulang halaman."))
        values = {
            "order": position,
            "aspect": content.aspect,
            "text": content.text,
            "target": content.target,
        }
        if indicator.pk is None or any(getattr(indicator, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(indicator, key, value)
            write(indicator)
            changed = True
    for indicator_id, indicator in current.items():
        if indicator_id not in kept:
            write(indicator, delete=True)
            changed = True
    return changed


def _check_content(content: SkpContent, document: Document) -> None:
    """The bounds and choices every way in must keep (the forms and the Excel reader say
    them field by field; this is the last word), and the print size of the whole."""
    if len(content.rhks) > MAX_RHKS:
        raise SkpError(_("Satu SKP memuat paling banyak %(max)d RHK.") % {"max": MAX_RHKS})
    if any(len(rhk.indicators) > MAX_INDICATORS for rhk in content.rhks):
        raise SkpError(
            _("Satu RHK memuat paling banyak %(max)d indikator.") % {"max": MAX_INDICATORS}
        )
    if content.period_end < content.period_start:
        raise SkpError(_("Akhir periode tidak boleh sebelum awal periode."))
    texts = [(rhk.text, TEXT_MAX) for rhk in content.rhks]
    texts += [(rhk.parent_text, TEXT_MAX) for rhk in content.rhks]
    texts += [(i.text, TEXT_MAX) for rhk in content.rhks for i in rhk.indicators]
    texts += [(i.target, TARGET_MAX) for rhk in content.rhks for i in rhk.indicators]
    texts += [(text, TEXT_MAX) for text in content.expectations.values()]
    texts += [(getattr(content, name), LAMPIRAN_MAX) for name in LAMPIRAN_FIELDS]
    texts += [
        (getattr(content, name), PANGKAT_MAX)
        for name in ("pangkat", "penilai_pangkat", "atasan_penilai_pangkat")
    ]
    if any(len(text) > limit for text, limit in texts):
        raise SkpError(_("Ada isian yang terlalu panjang."))
    if (
        content.approach not in Approach.values
        or any(rhk.kind not in RhkKind.values for rhk in content.rhks)
        or any(rhk.perspective not in ["", *Perspective.values] for rhk in content.rhks)
        or any(i.aspect not in ["", *Aspect.values] for rhk in content.rhks for i in rhk.indicators)
        or set(content.expectations) - set(CoreValue.values)
    ):
        raise SkpError(_("Ada pilihan yang tidak dikenal. Muat ulang halaman."))
    # The RHK an RHK may name are the superior's (checked in _apply); the PDF prints them.
    size = print_size(content, {rhk.pk: rhk.text for rhk in document.superior_rhks})
    if size > MAX_PRINT_SIZE:
        raise SkpError(
            _(
                "SKP ini terlalu panjang untuk dicetak: isinya %(percent)d%% dari batas satu "
                "dokumen SKP. Persingkat teks RHK, indikator, ekspektasi atau lampiran, atau "
                "kurangi jumlah indikator, lalu simpan lagi."
            )
            % {"percent": size * 100 // MAX_PRINT_SIZE}
        )


# Review comments ---------------------------------------------------------------------------


@transaction.atomic
def add_comment(
    *,
    actor: User,
    skp_id: int,
    text: str,
    rhk_id: int | None = None,
    indicator_id: int | None = None,
) -> ReviewComment:
    """A remark on the whole SKP, one of its RHK or one of its indicators. The SKP's row is
    locked, so a remark and the coach's "sesuai format" never pass each other."""
    skp = (
        Skp.objects.select_for_update(of=("self",), no_key=True)
        .select_related("pegawai__user")
        .get(pk=skp_id)
    )
    if not rules.has_perm("skp_drafts.comment_skp", actor, skp):
        raise SkpError(_("Anda tidak berwenang mengomentari SKP ini."))
    document = load_document(skp)
    anchor = _("Keseluruhan SKP")
    rhk = indicator = None
    if indicator_id is not None:
        indicator = next(
            (i for r in document.rhks for i in r.indicator_list if i.pk == indicator_id), None
        )
        if indicator is None:
            raise SkpError(_("Indikator itu tidak ada di SKP ini."))
        anchor = indicator.label
    elif rhk_id is not None:
        rhk = next((r for r in document.rhks if r.pk == rhk_id), None)
        if rhk is None:
            raise SkpError(_("RHK itu tidak ada di SKP ini."))
        anchor = rhk.label
    comment = ReviewComment(
        skp=skp,
        rhk_id=indicator.rhk_id if indicator else (rhk.pk if rhk else None),
        indicator=indicator,
        anchor=anchor,
        author=actor,
        text=text,
    )
    stamp(comment, actor, _("Komentar ditulis"))
    comment.save()
    if skp.pegawai.user_id and skp.pegawai.user_id != actor.pk:
        notify(
            [skp.pegawai.user],
            text=_("%(author)s mengomentari SKP %(year)s Anda (%(anchor)s).")
            % {"author": actor.display_name, "year": skp.year, "anchor": anchor},
            link=skp.get_absolute_url(),
        )
    return comment


@transaction.atomic
def reply_to_comment(*, actor: User, comment_id: int, text: str) -> ReviewComment:
    """A reply in a remark's thread; the thread's author is told."""
    thread = ReviewComment.objects.select_related("skp__pegawai", "author").get(pk=comment_id)
    if thread.reply_to_id is not None:
        thread = thread.reply_to
    if not rules.has_perm("skp_drafts.comment_skp", actor, thread.skp):
        raise SkpError(_("Anda tidak berwenang mengomentari SKP ini."))
    reply = ReviewComment(skp=thread.skp, reply_to=thread, author=actor, text=text)
    stamp(reply, actor, _("Balasan ditulis"))
    reply.save()
    if thread.author_id != actor.pk:
        notify(
            [thread.author],
            text=_("%(author)s membalas komentar Anda pada SKP %(year)s %(name)s.")
            % {
                "author": actor.display_name,
                "year": thread.skp.year,
                "name": thread.skp.pegawai.name,
            },
            link=thread.skp.get_absolute_url(),
        )
    return reply


@transaction.atomic
def resolve_comment(*, actor: User, comment_id: int) -> ReviewComment:
    """Mark a thread resolved: by the SKP's owner, or by whoever may review it."""
    comment = (
        ReviewComment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("skp__pegawai")
        .get(pk=comment_id, reply_to__isnull=True)
    )
    if not rules.has_perm("skp_drafts.resolve_comment", actor, comment.skp):
        raise SkpError(_("Hanya pemilik SKP atau coach yang dapat menandai komentar selesai."))
    if comment.is_resolved:
        raise SkpError(_("Komentar ini sudah ditandai selesai."))
    comment.resolved_at = timezone.now()
    comment.resolved_by = actor
    stamp(comment, actor, _("Ditandai selesai"))
    comment.save()
    return comment


# Links to coaching -------------------------------------------------------------------------


@transaction.atomic
def bring_to_booking(*, actor: User, skp_id: int, booking_id: int) -> Booking:
    """The ASN brings its SKP to one of its own bookings (coming or attended)."""
    skp = Skp.objects.get(pk=skp_id)
    booking = Booking.objects.select_for_update(no_key=True).get(pk=booking_id)
    own = getattr(actor, "pegawai", None)
    if own is None or skp.pegawai_id != own.pk or booking.pegawai_id != own.pk:
        raise SkpError(_("Anda hanya dapat membawa SKP Anda ke jadwal coaching Anda sendiri."))
    if booking.status not in LIVE_BOOKINGS:
        raise SkpError(_("Pemesanan ini sudah dibatalkan atau dijadwal ulang."))
    booking.skp = skp
    stamp(booking, actor, _("Draf SKP %(year)s dibawa") % {"year": skp.year})
    booking.save(update_fields=["skp"])
    return booking


@transaction.atomic
def bring_to_session(*, actor: User, session_id: int, skp_ids: list[int]) -> int:
    """SKP of the session's year worked on in a session: a participant brings its own; a
    coach of the session (or the Kepala Bidang) picks those of participants recorded as
    present, since that is what opens the SKP to them. Returns how many were added."""
    session = CoachingSession.objects.select_for_update(no_key=True).get(pk=session_id)
    may_pick = session.coaches.filter(pk=actor.pk).exists() or is_kepala_bidang(actor)
    attendance = Attendance.objects.filter(session=session)
    participants = attendance.filter(present=True) if may_pick else attendance
    skps = list(
        Skp.objects.filter(
            pk__in=skp_ids,
            pegawai_id__in=participants.values("pegawai_id"),
            year=timezone.localtime(session.start).year,
        )
    )
    own = getattr(actor, "pegawai", None)
    if not may_pick and not (own and all(skp.pegawai_id == own.pk for skp in skps)):
        raise SkpError(_("Anda tidak berwenang menautkan SKP ke sesi ini."))
    if len(skps) != len(set(skp_ids)):
        raise SkpError(
            _("Hanya SKP tahun sesi ini dari peserta yang tercatat hadir yang dapat ditautkan.")
        )
    before = set(session.drafts.values_list("pk", flat=True))
    stamp(session, actor, _("Draf SKP ditautkan"))
    session.drafts.add(*skps)
    return len({skp.pk for skp in skps} - before)


# The guide's materials ---------------------------------------------------------------------

MATERIAL_MAX_BYTES = 20 * 1024 * 1024
MATERIAL_KINDS = ("pdf", "pptx", "docx", "xlsx")


def check_material(uploaded) -> None:
    """Guide material is a pdf, pptx, docx or xlsx file by its content, at most 20 MB."""
    if uploaded.size > MATERIAL_MAX_BYTES:
        raise SkpError(_("Berkas lebih dari 20 MB."))
    extension = extension_of(uploaded)
    if extension not in MATERIAL_KINDS:
        raise SkpError(_("Materi harus berkas .pdf, .pptx, .docx atau .xlsx."))
    if not content_matches(uploaded, extension):
        raise SkpError(
            _("Isi berkas tidak sesuai dengan jenisnya (.%(ext)s).") % {"ext": extension}
        )


@transaction.atomic
def upload_material(
    *, actor: User, title: str, description: str, uploaded, order: int = 0
) -> GuideMaterial:
    """A presentation or handout of the team, shown in the guide at once."""
    _require_guide_manager(actor)
    check_material(uploaded)
    material = GuideMaterial(
        title=title,
        description=description,
        file=uploaded,
        file_name=uploaded.name[-255:],
        order=order,
        uploaded_by=actor,
    )
    stamp(material, actor, _("Materi diunggah"))
    material.save()
    return material


@transaction.atomic
def publish_material(*, actor: User, material_id: int, published: bool) -> GuideMaterial:
    """Show a material in the guide, or hide it without deleting it."""
    _require_guide_manager(actor)
    material = GuideMaterial.objects.select_for_update(no_key=True).get(pk=material_id)
    material.is_published = published
    stamp(material, actor, _("Ditampilkan di panduan") if published else _("Disembunyikan"))
    material.save(update_fields=["is_published"])
    return material


@transaction.atomic
def delete_material(*, actor: User, material_id: int) -> None:
    """Remove a material and, once that is committed, its file."""
    _require_guide_manager(actor)
    material = GuideMaterial.objects.get(pk=material_id)
    stamp(material, actor, _("Materi dihapus"))
    file = material.file
    material.delete()
    transaction.on_commit(lambda: file.delete(save=False))

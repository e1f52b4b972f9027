"""Pages of the draft SKP: the ASN's own, the editor, review, versions, PDF and Excel, the
cascade of an SKPD, and the guide. Every SKP is found through the rules of
skp_drafts/rules.py; one that the reader may not open answers 404."""

from collections.abc import Callable

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Jenjang, Skpd
from accounts.rules import is_kepala_bidang, own_pegawai, rule_required, visible_skpd
from bookings.models import CoachingSession
from bookings.rules import visible_bookings, visible_requests
from core.choices import choice_labels
from core.downloads import (
    issued_pdf_response,
    pdf_response,
    preparing_response,
    uploaded_file_response,
    xlsx_response,
)
from core.paging import page_of
from core.pdf import RenderBusy
from skp_drafts import checker, excel, pdf, selectors, services, versions, workflow
from skp_drafts.content import SkpError, StaleVersion
from skp_drafts.document import document_skp, editor_skp, load_document
from skp_drafts.forms import (
    BringToBookingForm,
    CommentForm,
    ExampleForm,
    ImportForm,
    MaterialForm,
    NewSkpForm,
    ReplyForm,
    RevisionForm,
    SessionDraftsForm,
    SkpEditor,
)
from skp_drafts.models import GuideMaterial, ReviewComment, Skp, SkpStatus
from skp_drafts.rules import visible_examples


def _skp_or_404(
    request,
    pk: int,
    permission: str = "skp_drafts.view_skp",
    *,
    load: Callable[[int], Skp | None] | None = None,
) -> Skp:
    """The SKP the reader may open, read by ``load`` (document_skp() unless given); 404
    for one it may not see, 403 when it may see but not do ``permission``."""
    skp = (load or document_skp)(pk)
    if skp is None or not rules.has_perm("skp_drafts.view_skp", request.user, skp):
        raise Http404
    if permission != "skp_drafts.view_skp" and not rules.has_perm(permission, request.user, skp):
        raise PermissionDenied
    return skp


def _year(request, default: int | None = None) -> int:
    """The year asked for with ?tahun=, kept within the years SKP are made for."""
    years = selectors.skp_years()
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return default or years[1]
    return year if min(years) - 5 <= year <= max(years) else (default or years[1])


# The ASN's own SKP -------------------------------------------------------------------------


@rule_required("skp_drafts.create_skp")
def my_skps(request):
    pegawai = own_pegawai(request.user)
    skps = list(selectors.own_skps(pegawai))
    years = selectors.skp_years()
    context = {
        "skps": skps,
        "missing_years": [year for year in years[:2] if year not in {s.year for s in skps}],
        "has_subordinates": pegawai.bawahan.filter(is_active=True).exists(),
    }
    return render(request, "skp_drafts/my_skps.html", context)


@rule_required("skp_drafts.create_skp")
def skp_new(request):
    pegawai = own_pegawai(request.user)
    taken = set(pegawai.skps.values_list("year", flat=True))
    years = [year for year in selectors.skp_years() if year not in taken]
    if not years:
        messages.info(request, _("Anda sudah memiliki SKP untuk tahun-tahun yang dapat dibuat."))
        return redirect("skp_drafts:mine")
    examples = selectors.examples_in_order(visible_examples(request.user).filter(is_published=True))
    initial = {"year": _year(request) if _year(request) in years else selectors.this_year()}
    if request.GET.get("contoh", "").isdigit():
        initial.update(start=NewSkpForm.START_EXAMPLE, example=request.GET["contoh"])
    form = NewSkpForm(request.POST or None, years=years, examples=examples, initial=initial)
    if request.method == "POST" and form.is_valid():
        start = form.cleaned_data["start"]
        example = form.cleaned_data.get("example")
        try:
            skp = services.create_skp(
                actor=request.user,
                pegawai=pegawai,
                year=form.cleaned_data["year"],
                example_id=example.pk if start == form.START_EXAMPLE and example else None,
                copy_previous=start == form.START_PREVIOUS,
            )
        except SkpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("SKP %(year)s dibuat. Silakan isi.") % {"year": skp.year})
            return redirect("skp_drafts:edit", pk=skp.pk)
    own_examples = [example for example in examples if example.jenjang == pegawai.jenjang]
    return render(request, "skp_drafts/skp_new.html", {"form": form, "own_examples": own_examples})


@login_required
def skp_detail(request, pk: int):
    skp = _skp_or_404(request, pk)
    document = load_document(skp)
    findings = checker.check(document)
    user = request.user
    is_owner = rules.has_perm("skp_drafts.submit_skp", user, skp)
    may_comment = rules.has_perm("skp_drafts.comment_skp", user, skp)
    allowed = {name: workflow.may(user, skp, name) for name in workflow.TRANSITIONS}
    threads = selectors.comment_threads(skp)
    context = {
        "skp": skp,
        "document": document,
        "findings": findings,
        "findings_by_item": checker.by_item(findings),
        "error_count": sum(f.is_error for f in findings),
        "blocker_count": len(checker.review_blockers(findings)),
        "threads": threads,
        "open_threads": sum(not t.is_resolved for t in threads),
        "threads_by_item": _threads_by_item(threads),
        "allowed": allowed,
        "may_edit": is_owner and skp.status in services.EDITABLE,
        "may_comment": may_comment,
        "may_resolve": rules.has_perm("skp_drafts.resolve_comment", user, skp),
        "is_owner": is_owner,
        "brought_to": selectors.brought_to(skp),
        "comment_form": CommentForm(document=document) if may_comment else None,
        "revision_form": RevisionForm() if allowed["request_revision"] else None,
        "bring_form": _bring_form(request, skp) if is_owner else None,
    }
    return render(request, "skp_drafts/skp_detail.html", context)


def _threads_by_item(threads) -> dict[str, int]:
    counts: dict[str, int] = {}
    for thread in threads:
        if not thread.is_resolved:
            counts[thread.item_anchor] = counts.get(thread.item_anchor, 0) + 1
    return counts


def _bring_form(request, skp: Skp):
    bookings = selectors.bookings_to_bring(skp.pegawai)
    linked = {booking.pk for booking in bookings if booking.skp_id == skp.pk}
    bookings = [booking for booking in bookings if booking.pk not in linked]
    return BringToBookingForm(bookings=bookings) if bookings else None


@login_required
def skp_edit(request, pk: int):
    skp = _skp_or_404(request, pk, "skp_drafts.edit_skp", load=editor_skp)
    if not skp.is_example and skp.status not in services.EDITABLE:
        messages.info(
            request,
            _("SKP berstatus “%(status)s” tidak dapat diubah.")
            % {"status": skp.get_status_display()},
        )
        return redirect("skp_drafts:detail", pk=skp.pk)
    document = load_document(skp)
    editor = SkpEditor(document, request.POST if request.method == "POST" else None)
    stale = False
    if request.method == "POST":
        if _posted_version(request) is None:
            messages.error(
                request, _("Halaman editor ini tidak lengkap. Muat ulang lalu ubah lagi.")
            )
        elif editor.is_valid():
            try:
                changed = services.save_content(
                    actor=request.user,
                    skp_id=skp.pk,
                    content=editor.content(),
                    expected_version=_posted_version(request),
                )
            except SkpError as error:
                messages.error(request, str(error))
                stale = isinstance(error, StaleVersion)
            else:
                skp.refresh_from_db(fields=["version"])
                if changed:
                    messages.success(
                        request,
                        _("Tersimpan sebagai versi %(version)d.") % {"version": skp.version},
                    )
                else:
                    messages.info(request, _("Tidak ada perubahan untuk disimpan."))
                return redirect("skp_drafts:edit", pk=skp.pk)
        else:
            messages.error(
                request,
                _("Belum tersimpan: periksa isian yang ditandai merah di bawah."),
            )
    findings = checker.check(document)
    context = {
        "skp": skp,
        "document": document,
        "editor": editor,
        "open_threads": selectors.open_threads(skp),
        "stale": stale,
        "findings": findings,
        "error_count": sum(f.is_error for f in findings),
        "version": _posted_version(request) or skp.version,
        "max_rhks": services.MAX_RHKS,
        "max_indicators": services.MAX_INDICATORS,
    }
    return render(request, "skp_drafts/skp_edit.html", context)


def _posted_version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
@require_POST
def skp_transition(request, pk: int, name: str):
    if name not in workflow.TRANSITIONS:
        raise Http404
    skp = _skp_or_404(request, pk, workflow.TRANSITIONS[name].permission)
    note = ""
    if name == "request_revision":
        form = RevisionForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Tuliskan apa yang perlu diperbaiki (paling banyak 2000 huruf).")
            )
            return redirect("skp_drafts:detail", pk=skp.pk)
        note = form.cleaned_data["note"]
    try:
        workflow.run(name, actor=request.user, skp_id=skp.pk, note=note)
    except SkpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(workflow.TRANSITIONS[name].label) + ".")
    return redirect("skp_drafts:detail", pk=skp.pk)


@login_required
@require_POST
def skp_bring(request, pk: int):
    skp = _skp_or_404(request, pk, "skp_drafts.submit_skp")
    form = BringToBookingForm(request.POST, bookings=selectors.bookings_to_bring(skp.pegawai))
    if form.is_valid():
        try:
            services.bring_to_booking(
                actor=request.user, skp_id=skp.pk, booking_id=form.cleaned_data["booking"]
            )
        except SkpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("SKP ini dibawa ke jadwal coaching Anda."))
    else:
        messages.error(request, _("Pilih salah satu jadwal coaching Anda."))
    return redirect("skp_drafts:detail", pk=skp.pk)


# Comments ----------------------------------------------------------------------------------


@login_required
@require_POST
def comment_add(request, pk: int):
    skp = _skp_or_404(request, pk, "skp_drafts.comment_skp")
    form = CommentForm(request.POST, document=load_document(skp))
    if form.is_valid():
        try:
            services.add_comment(
                actor=request.user, skp_id=skp.pk, text=form.cleaned_data["text"],
                **form.target_ids(),
            )  # fmt: skip
        except SkpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Komentar tersimpan."))
    else:
        messages.error(request, _("Komentar belum tersimpan: tuliskan komentar dan bagiannya."))
    return redirect(f"{skp.get_absolute_url()}#komentar")


def _comment_or_404(request, pk: int, permission: str, **threads) -> ReviewComment:
    comment = get_object_or_404(ReviewComment.objects.select_related("skp"), pk=pk, **threads)
    _skp_or_404(request, comment.skp_id, permission)
    return comment


@login_required
@require_POST
def comment_reply(request, pk: int):
    comment = _comment_or_404(request, pk, "skp_drafts.comment_skp")
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_to_comment(
                actor=request.user, comment_id=comment.pk, text=form.cleaned_data["text"]
            )
        except SkpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Balasan tersimpan."))
    else:
        messages.error(request, _("Tuliskan balasan Anda."))
    return redirect(
        f"{comment.skp.get_absolute_url()}#komentar-{comment.reply_to_id or comment.pk}"
    )


@login_required
@require_POST
def comment_resolve(request, pk: int):
    # Only a thread's first remark is resolved; a reply's id answers 404.
    comment = _comment_or_404(request, pk, "skp_drafts.resolve_comment", reply_to__isnull=True)
    try:
        services.resolve_comment(actor=request.user, comment_id=comment.pk)
    except SkpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Komentar ditandai selesai."))
    return redirect(f"{comment.skp.get_absolute_url()}#komentar-{comment.pk}")


# Versions ----------------------------------------------------------------------------------


@login_required
def skp_versions(request, pk: int):
    skp = _skp_or_404(request, pk)
    all_versions = versions.versions_of(skp)
    by_number = {version.number: version for version in all_versions}

    def asked(name: str, default):
        try:
            return by_number.get(int(request.GET.get(name, "")), default)
        except ValueError:
            return default

    newest = all_versions[0] if all_versions else None
    previous = all_versions[1] if len(all_versions) > 1 else newest
    old, new = asked("dari", previous), asked("ke", newest)
    changes = []
    if old is not None and new is not None and old.number != new.number:
        if old.number > new.number:
            old, new = new, old
        old_snapshot, new_snapshot = versions.snapshot(skp, old), versions.snapshot(skp, new)
        changes = versions.changes_between(
            old_snapshot, new_snapshot, versions.people_named(old_snapshot, new_snapshot)
        )
    context = {
        "skp": skp,
        "versions": all_versions,
        "old": old,
        "new": new,
        "changes": changes,
    }
    return render(request, "skp_drafts/skp_versions.html", context)


# PDF and Excel -----------------------------------------------------------------------------


@login_required
def skp_for_ekinerja(request, pk: int):
    """The SKP laid out in the order e-Kinerja asks for it, each field with a copy button,
    so that the ASN types nothing twice. Only an SKP declared in format is ready for it."""
    skp = _skp_or_404(request, pk)
    document = load_document(skp) if skp.status == SkpStatus.REVIEWED else None
    return render(
        request,
        "skp_drafts/skp_ekinerja.html",
        {
            "skp": skp,
            "document": document,
            # Each list of the lampiran as one text, a line per item, copied in one go.
            "lampiran": [(label, "\n".join(items)) for label, items in skp.lampiran_lists()]
            if document
            else [],
        },
    )


@login_required
def skp_pdf(request, pk: int):
    skp = _skp_or_404(request, pk)
    name = pdf.file_name(skp, "pdf")
    if not skp.is_example:
        return issued_pdf_response(request, "SKP", {"pk": skp.pk}, name, inline=True)
    try:
        content = pdf.example_pdf(load_document(skp), wait=settings.PDF_SLOT_WAIT)
    except RenderBusy:  # it is no issued document to queue: asked again in a moment
        return preparing_response(request)
    return pdf_response(content, name, inline=True)


@login_required
def skp_xlsx(request, pk: int):
    skp = _skp_or_404(request, pk)
    return xlsx_response(excel.export_skp(load_document(skp)), pdf.file_name(skp, "xlsx"))


@login_required
def skp_template_xlsx(request, pk: int):
    skp = _skp_or_404(request, pk, "skp_drafts.edit_skp")
    document = load_document(skp)
    return xlsx_response(
        excel.export_skp(document, blank=True), f"templat-{pdf.file_name(skp, 'xlsx')}"
    )


@login_required
def skp_import(request, pk: int):
    skp = _skp_or_404(request, pk, "skp_drafts.edit_skp")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST" and form.is_valid():
        try:
            changed, problems = services.import_excel(
                actor=request.user, skp_id=skp.pk, uploaded=form.cleaned_data["file"]
            )
        except SkpError as error:
            form.add_error("file", str(error))
        else:
            if not problems:
                skp.refresh_from_db(fields=["version"])
                if changed:
                    messages.success(
                        request,
                        _("Isi berkas diimpor sebagai versi %(version)d.")
                        % {"version": skp.version},
                    )
                else:
                    messages.info(
                        request, _("Isi berkas sama dengan SKP ini; tidak ada perubahan.")
                    )
                return redirect("skp_drafts:edit", pk=skp.pk)
    return render(
        request, "skp_drafts/skp_import.html", {"skp": skp, "form": form, "problems": problems}
    )


# Subordinates, review queue, cascade, progress ---------------------------------------------


@rule_required("skp_drafts.create_skp")
def subordinates(request):
    pegawai = own_pegawai(request.user)
    year = _year(request)
    rows = list(selectors.subordinates_with_skp(pegawai, year))
    for row in rows:
        row.skp_choice = SkpStatus(row.skp_status) if row.skp_status else None
    context = {"year": year, "years": selectors.skp_years(), "rows": rows}
    return render(request, "skp_drafts/subordinates.html", context)


@rule_required("skp_drafts.view_review_queue")
def review_queue(request):
    status = request.GET.get("status", "")
    if status not in SkpStatus.values:
        status = ""
    text = request.GET.get("q", "")[:100]
    year = _year(request) if request.GET.get("tahun") else None
    drafts = selectors.review_queue(request.user, status=status, text=text, year=year)
    context = {
        "page": page_of(request, drafts),
        "status": status,
        "statuses": SkpStatus.choices,
        "q": text,
        "year": year,
        "years": selectors.skp_years(),
    }
    return render(request, "skp_drafts/review_queue.html", context)


@rule_required("skp_drafts.list_cascades")
def cascade_index(request):
    year = _year(request)
    # The Kepala Bidang opens every SKPD's cascade; a coach those of the SKPD it coaches at.
    coach = None if is_kepala_bidang(request.user) else request.user
    page = page_of(request, selectors.skpd_with_cascade_counts(year, coach=coach), per_page=50)
    context = {"year": year, "years": selectors.skp_years(), "page": page, "coach": coach}
    return render(request, "skp_drafts/cascade_index.html", context)


@login_required
def cascade(request, skpd_pk: int):
    skpd = get_object_or_404(Skpd, pk=skpd_pk)
    if not rules.has_perm("skp_drafts.view_cascade", request.user, skpd):
        raise Http404
    year = _year(request)
    context = {
        "tree": selectors.cascade(skpd, year),
        "year": year,
        "years": selectors.skp_years(),
        # Shown on each of hundreds of rows: one dict, not get_jenjang_display() per row.
        "jenjang_labels": choice_labels(Jenjang),
    }
    return render(request, "skp_drafts/cascade.html", context)


@login_required
def progress(request, skpd_pk: int):
    skpd = get_object_or_404(visible_skpd(request.user), pk=skpd_pk)
    if not rules.has_perm("skp_drafts.view_progress", request.user, skpd):
        raise Http404
    year = _year(request)
    rows = selectors.skpd_progress(skpd, year)
    context = {
        "people": selectors.to_follow_up(skpd, year),
        "may_read_cascade": rules.has_perm("skp_drafts.view_cascade", request.user, skpd),
        "skpd": skpd,
        "year": year,
        "years": selectors.skp_years(),
        "rows": rows,
        "statuses": SkpStatus.choices,
        "totals": {
            "pegawai": sum(row.pegawai for row in rows),
            "without_skp": sum(row.without_skp for row in rows),
            **{s: sum(row.counts[s] for row in rows) for s in SkpStatus.values},
        },
    }
    return render(request, "skp_drafts/progress.html", context)


@login_required
def progress_xlsx(request, skpd_pk: int):
    """The progress page's list by name, to chase: who has no SKP or one not yet in format."""
    skpd = get_object_or_404(visible_skpd(request.user), pk=skpd_pk)
    if not rules.has_perm("skp_drafts.view_progress", request.user, skpd):
        raise Http404
    year = _year(request)
    content = excel.follow_up_workbook(skpd, year, selectors.to_follow_up(skpd, year))
    return xlsx_response(content, f"belum-sesuai-format-{skpd.short_name}-{year}.xlsx")


# Drafts worked on in a session -------------------------------------------------------------


@login_required
@require_POST
def session_drafts(request, session_pk: int):
    session = get_object_or_404(CoachingSession, pk=session_pk)
    # Who neither took part nor may see the session's request or booking is told it does
    # not exist.
    if not selectors.takes_part(request.user, session):
        if session.skpd_request_id:
            get_object_or_404(visible_requests(request.user), pk=session.skpd_request_id)
        else:
            get_object_or_404(visible_bookings(request.user), pk=session.booking_id)
    _linked, linkable = selectors.session_drafts(session)
    form = SessionDraftsForm(request.POST, skps=linkable)
    if not form.is_valid():
        messages.error(request, _("Pilih SKP peserta yang dibahas."))
    else:
        try:
            added = services.bring_to_session(
                actor=request.user, session_id=session.pk, skp_ids=form.cleaned_data["skps"]
            )
        except SkpError as error:
            raise PermissionDenied(str(error)) from error
        messages.success(request, _("%(count)d SKP ditautkan ke sesi ini.") % {"count": added})
    if session.skpd_request_id:
        return redirect("bookings:session_detail", pk=session.pk)
    return redirect("bookings:booking_detail", pk=session.booking_id)


# The guide ---------------------------------------------------------------------------------


def guide(request):
    """Examples of SKP per jenjang and the team's material: readable by anyone."""
    examples = selectors.examples_in_order(visible_examples(request.user))
    by_jenjang = [
        (jenjang, [example for example in examples if example.jenjang == jenjang])
        for jenjang in Jenjang
    ]
    materials = GuideMaterial.objects.filter(is_published=True).order_by("order", "title")
    context = {
        "by_jenjang": [(j, items) for j, items in by_jenjang if items],
        "materials": materials,
        "may_manage": rules.has_perm("skp_drafts.manage_guide", request.user),
    }
    return render(request, "skp_drafts/guide.html", context)


def guide_example(request, pk: int):
    example = get_object_or_404(visible_examples(request.user), pk=pk)
    document = load_document(example)
    context = {
        "skp": example,
        "document": document,
        "may_manage": rules.has_perm("skp_drafts.manage_guide", request.user),
        "may_copy": rules.has_perm("skp_drafts.create_skp", request.user) and example.is_published,
    }
    return render(request, "skp_drafts/guide_example.html", context)


def material_download(request, pk: int):
    materials = GuideMaterial.objects.all()
    if not rules.has_perm("skp_drafts.manage_guide", request.user):
        materials = materials.filter(is_published=True)
    material = get_object_or_404(materials, pk=pk)
    return uploaded_file_response(material.file, material.file_name)


@rule_required("skp_drafts.manage_guide")
def guide_manage(request):
    example_form = ExampleForm(request.POST if "example" in request.POST else None)
    material_form = MaterialForm(
        request.POST if "material" in request.POST else None,
        request.FILES if "material" in request.POST else None,
    )
    if request.method == "POST":
        try:
            if "example" in request.POST and example_form.is_valid():
                skp = services.create_example(actor=request.user, **example_form.cleaned_data)
                messages.success(request, _("Contoh SKP dibuat. Silakan isi."))
                return redirect("skp_drafts:edit", pk=skp.pk)
            if "material" in request.POST and material_form.is_valid():
                services.upload_material(
                    actor=request.user,
                    title=material_form.cleaned_data["title"],
                    description=material_form.cleaned_data["description"],
                    uploaded=material_form.cleaned_data["file"],
                    order=material_form.cleaned_data["order"],
                )
                messages.success(request, _("Materi diunggah."))
                return redirect("skp_drafts:guide_manage")
        except SkpError as error:
            target = material_form if "material" in request.POST else example_form
            target.add_error("file" if target is material_form else None, str(error))
    context = {
        "example_form": example_form,
        "material_form": material_form,
        "examples": selectors.examples_in_order(visible_examples(request.user)),
        "materials": GuideMaterial.objects.order_by("order", "title"),
    }
    return render(request, "skp_drafts/guide_manage.html", context)


@rule_required("skp_drafts.manage_guide")
@require_POST
def example_publish(request, pk: int):
    example = get_object_or_404(Skp, pk=pk, pegawai__isnull=True)
    published = request.POST.get("published") == "1"
    services.publish_example(actor=request.user, skp_id=example.pk, published=published)
    messages.success(
        request,
        _("Contoh ditampilkan di panduan.") if published else _("Contoh disembunyikan."),
    )
    return redirect("skp_drafts:guide_manage")


@rule_required("skp_drafts.manage_guide")
@require_POST
def example_delete(request, pk: int):
    example = get_object_or_404(Skp, pk=pk, pegawai__isnull=True)
    services.delete_example(actor=request.user, skp_id=example.pk)
    messages.success(request, _("Contoh SKP dihapus."))
    return redirect("skp_drafts:guide_manage")


@rule_required("skp_drafts.manage_guide")
@require_POST
def material_publish(request, pk: int):
    material = get_object_or_404(GuideMaterial, pk=pk)
    published = request.POST.get("published") == "1"
    services.publish_material(actor=request.user, material_id=material.pk, published=published)
    messages.success(
        request,
        _("Materi ditampilkan di panduan.") if published else _("Materi disembunyikan."),
    )
    return redirect("skp_drafts:guide_manage")


@rule_required("skp_drafts.manage_guide")
@require_POST
def material_delete(request, pk: int):
    material = get_object_or_404(GuideMaterial, pk=pk)
    services.delete_material(actor=request.user, material_id=material.pk)
    messages.success(request, _("Materi dihapus."))
    return redirect("skp_drafts:guide_manage")

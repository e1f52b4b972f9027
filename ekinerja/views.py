"""Pages of the e-Kinerja imports: upload, preview and apply; an SKPD's list of ASN whose
SKP is not yet approved (and its download); the predikat that disagree with the kuadran."""

import rules
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import rule_required
from core.downloads import xlsx_response
from core.paging import page_of
from ekinerja import excel, selectors, services
from ekinerja.forms import ExportUploadForm, YearForm
from ekinerja.models import EkinerjaImport, ReportKind, RowOutcome
from ekinerja.reading import MAX_BYTES, ExportFileError
from ekinerja.rules import gap_skpds
from skp_drafts.models import SkpStatus


def _year(request) -> int:
    form = YearForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["year"]
    return timezone.localdate().year


@rule_required("ekinerja.import_export")
def import_upload(request):
    form = ExportUploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            made, created = services.preview_import(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                year=form.cleaned_data["year"],
                file_name=uploaded.name,
                content=uploaded.read(MAX_BYTES + 1),
            )
        except ExportFileError as error:
            form.add_error("file", str(error))
        else:
            if not created:
                messages.info(
                    request,
                    _("Berkas yang sama sudah diunggah sebelumnya; tidak ada yang berubah."),
                )
            return redirect("ekinerja:import_detail", pk=made.pk)
    imports = EkinerjaImport.objects.defer("summary").select_related("uploaded_by__pegawai")[:10]
    return render(request, "ekinerja/import_upload.html", {"form": form, "imports": imports})


@rule_required("ekinerja.import_export")
def import_detail(request, pk: int):
    made = get_object_or_404(EkinerjaImport.objects.select_related("uploaded_by__pegawai"), pk=pk)
    outcome = request.GET.get("hasil") or ""
    if outcome not in RowOutcome.values:
        outcome = ""
    rows = made.rows.select_related("pegawai__skpd").order_by("line")
    if outcome:
        rows = rows.filter(outcome=outcome)
    statuses = []
    approved = selectors.approved_status_keys()
    for key, count in (made.summary.get("statuses") or {}).items():
        statuses.append({"key": key, "count": count, "approved": key in approved})
    context = {
        "import": made,
        "page": page_of(request, rows, per_page=100),
        "outcome": outcome,
        "outcomes": RowOutcome.choices,
        "counts": made.summary.get("counts", {}),
        "statuses": statuses,
        "is_penilaian": made.kind == ReportKind.PENILAIAN,
    }
    return render(request, "ekinerja/import_detail.html", context)


@rule_required("ekinerja.import_export")
@require_POST
def import_apply(request, pk: int):
    made = get_object_or_404(EkinerjaImport, pk=pk)
    try:
        services.apply_import(actor=request.user, import_id=made.pk)
    except services.ImportRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Impor diterapkan: angka %(kind)s %(year)s kini bersumber dari berkas ini.")
            % {"kind": made.get_kind_display(), "year": made.year},
        )
    return redirect("ekinerja:import_detail", pk=made.pk)


def _skpd_or_404(request, skpd_pk: int):
    skpd = gap_skpds(request.user).filter(pk=skpd_pk).first()
    if skpd is None or not rules.has_perm("ekinerja.view_skpd_gaps", request.user, skpd):
        raise Http404
    return skpd


@rule_required("ekinerja.view_gaps")
def gap_list(request, skpd_pk: int):
    skpd = _skpd_or_404(request, skpd_pk)
    year = _year(request)
    source = selectors.skp_source(year)
    page = page_of(request, selectors.gap_list(skpd, year, source))
    for person in page.object_list:
        person.draft_choice = SkpStatus(person.draft_status) if person.draft_status else None
    context = {
        "skpd": skpd,
        "year": year,
        "source": source,
        "source_line": excel.source_line(source) if source else "",
        "page": page,
    }
    return render(request, "ekinerja/gap_list.html", context)


@rule_required("ekinerja.view_gaps")
def gap_list_xlsx(request, skpd_pk: int):
    skpd = _skpd_or_404(request, skpd_pk)
    year = _year(request)
    source = selectors.skp_source(year)
    if source is None:
        raise Http404
    people = selectors.gap_list(skpd, year, source)
    content = excel.gap_workbook(skpd, year, source, people)
    return xlsx_response(content, f"belum-disetujui-ekinerja-{skpd.short_name}-{year}.xlsx")


@rule_required("ekinerja.view_figures")
def disagreement_list(request):
    year = _year(request)
    source = selectors.penilaian_source(year)
    context = {
        "year": year,
        "source": source,
        "source_line": excel.source_line(source) if source else "",
        "page": page_of(request, selectors.disagreements(source), per_page=100),
    }
    return render(request, "ekinerja/disagreement_list.html", context)

"""Documentation photos: checked by their content, turned upright, shrunk, re-encoded
without their metadata, stored under random names, shown only to who may read the report."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import Role
from reports import services
from reports.models import ReportPhoto
from tests.accounts.factories import user_with_role
from tests.reports.factories import held_skpd_session

pytestmark = pytest.mark.django_db


def image_file(name="foto.png", size=(2400, 1600), fmt="PNG", **save) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(out, fmt, **save)
    return SimpleUploadedFile(name, out.getvalue(), f"image/{fmt.lower()}")


@pytest.fixture
def report():
    coach = user_with_role(Role.TIM_COACHING)
    session = held_skpd_session(coaches=[coach])
    return services.start_report(actor=coach, session_id=session.pk)


def coach_of(report):
    return report.session.coaches.get()


def test_a_large_png_is_stored_as_a_jpeg_of_at_most_1600_pixels(report, settings):
    photo = services.add_photo(
        actor=coach_of(report), report_id=report.pk, uploaded=image_file(), caption=" Diskusi "
    )
    assert (photo.width, photo.height) == (1600, 1067)
    assert photo.caption == "Diskusi"
    assert photo.image.name.startswith("reports/photos/")
    assert photo.image.name.endswith(".jpg") and "foto" not in photo.image.name
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (1600, 1067)


def test_location_and_other_metadata_are_dropped_and_the_photo_turned_upright(report):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "Kamera Dinas"  # make
    upload = image_file("ponsel.jpg", size=(400, 300), fmt="JPEG", exif=exif.tobytes())
    photo = services.add_photo(actor=coach_of(report), report_id=report.pk, uploaded=upload)
    assert (photo.width, photo.height) == (300, 400)
    with Image.open(photo.image.path) as stored:
        assert dict(stored.getexif()) == {}


def test_a_large_sideways_camera_photo_is_shrunk_and_turned_upright(report):
    exif = Image.Exif()
    exif[0x0112] = 6
    upload = image_file("kamera.jpg", size=(4000, 3000), fmt="JPEG", exif=exif.tobytes())
    photo = services.add_photo(actor=coach_of(report), report_id=report.pk, uploaded=upload)
    assert (photo.width, photo.height) == (1200, 1600)


def test_a_phones_multi_picture_jpeg_is_taken_by_its_first_frame(report):
    out = io.BytesIO()
    first, depth = Image.new("RGB", (2000, 1500), (200, 30, 30)), Image.new("RGB", (500, 375))
    first.save(out, "MPO", save_all=True, append_images=[depth])
    with Image.open(io.BytesIO(out.getvalue())) as probe:
        assert probe.format == "MPO"
    upload = SimpleUploadedFile("IMG_0001.jpg", out.getvalue(), "image/jpeg")
    photo = services.add_photo(actor=coach_of(report), report_id=report.pk, uploaded=upload)
    assert (photo.width, photo.height) == (1600, 1200)
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert stored.getpixel((800, 600))[0] > 150  # the red photo, not the dark depth map


def test_a_palette_png_keeps_its_colours(report):
    out = io.BytesIO()
    Image.new("RGB", (2000, 1000), (20, 120, 60)).convert("P").save(out, "PNG")
    upload = SimpleUploadedFile("bagan.png", out.getvalue(), "image/png")
    photo = services.add_photo(actor=coach_of(report), report_id=report.pk, uploaded=upload)
    with Image.open(photo.image.path) as stored:
        red, green, _blue = stored.getpixel((100, 100))
    assert (photo.width, photo.height) == (1600, 800) and green > red


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("foto.jpg", b"bukan gambar sama sekali", "image/jpeg"),
        SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png"),
        image_file("animasi.gif", size=(50, 50), fmt="GIF"),
        image_file("gambar.bmp", size=(50, 50), fmt="BMP"),
    ],
    ids=["text", "truncated-png", "gif", "bmp"],
)
def test_what_is_not_a_readable_photo_is_refused_and_nothing_stored(report, upload, settings):
    with pytest.raises(services.ReportError, match="bukan foto"):
        services.add_photo(actor=coach_of(report), report_id=report.pk, uploaded=upload)
    assert not ReportPhoto.objects.exists()
    photos = settings.MEDIA_ROOT / "reports" / "photos"
    assert not photos.exists() or not any(photos.iterdir())


def test_a_decompression_bomb_is_refused(report):
    out = io.BytesIO()
    Image.new("1", (10_000, 7_000)).save(out, "PNG")  # 70 megapixels, a few kilobytes
    upload = SimpleUploadedFile("besar.png", out.getvalue(), "image/png")
    with pytest.raises(services.ReportError, match="Resolusi foto terlalu besar"):
        services.add_photo(actor=coach_of(report), report_id=report.pk, uploaded=upload)
    assert not ReportPhoto.objects.exists()


def test_a_file_over_10_mb_is_refused(report):
    upload = SimpleUploadedFile("besar.jpg", b"\xff" * (10 * 1024 * 1024 + 1), "image/jpeg")
    with pytest.raises(services.ReportError, match="10 MB"):
        services.add_photo(actor=coach_of(report), report_id=report.pk, uploaded=upload)


def test_a_report_takes_at_most_six_photos(report):
    coach = coach_of(report)
    for _ in range(services.MAX_PHOTOS):
        services.add_photo(actor=coach, report_id=report.pk, uploaded=image_file(size=(40, 30)))
    with pytest.raises(services.ReportError, match="Paling banyak 6 foto"):
        services.add_photo(actor=coach, report_id=report.pk, uploaded=image_file(size=(40, 30)))
    assert report.photos.count() == 6


def test_another_coach_cannot_add_or_remove_photos(report):
    photo = services.add_photo(
        actor=coach_of(report), report_id=report.pk, uploaded=image_file(size=(40, 30))
    )
    stranger = user_with_role(Role.TIM_COACHING)
    with pytest.raises(services.ReportError):
        services.add_photo(actor=stranger, report_id=report.pk, uploaded=image_file())
    with pytest.raises(services.ReportError):
        services.remove_photo(actor=stranger, photo_id=photo.pk)
    assert report.photos.count() == 1


@pytest.mark.django_db(transaction=True)
def test_removing_a_photo_deletes_its_file():
    coach = user_with_role(Role.TIM_COACHING)
    report = services.start_report(actor=coach, session_id=held_skpd_session(coaches=[coach]).pk)
    photo = services.add_photo(actor=coach, report_id=report.pk, uploaded=image_file())
    path = photo.image.path
    services.remove_photo(actor=coach, photo_id=photo.pk)
    assert not ReportPhoto.objects.exists()
    assert not os.path.exists(path)


def test_photos_of_a_submitted_report_stay(report):
    coach = coach_of(report)
    photo = services.add_photo(actor=coach, report_id=report.pk, uploaded=image_file())
    report.findings = "Selesai"
    report.save()
    services.submit_report(actor=coach, report_id=report.pk)
    with pytest.raises(services.ReportError, match="sudah diajukan"):
        services.remove_photo(actor=coach, photo_id=photo.pk)
    with pytest.raises(services.ReportError, match="draf atau dikembalikan"):
        services.add_photo(actor=coach, report_id=report.pk, uploaded=image_file())
    assert report.photos.count() == 1


class TestPages:
    def test_the_photo_is_served_to_who_may_read_the_report_only(self, client, report):
        photo = services.add_photo(
            actor=coach_of(report), report_id=report.pk, uploaded=image_file()
        )
        url = reverse("reports:photo", args=[photo.pk])
        client.force_login(coach_of(report))
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
        for role in (Role.TIM_COACHING, Role.ASN, Role.KASUBAG_UMUM):
            client.force_login(user_with_role(role))
            assert client.get(url).status_code == 404
        client.force_login(user_with_role(Role.KEPALA_BKPSDM))
        assert client.get(url).status_code == 200
        client.logout()
        assert client.get(url).status_code == 302

    def test_uploading_through_the_page_confirms_or_explains(self, client, report):
        client.force_login(coach_of(report))
        url = reverse("reports:photo_add", args=[report.pk])
        response = client.post(url, {"image": image_file(), "caption": "Sesi"}, follow=True)
        assert "Foto ditambahkan." in response.content.decode()
        bad = SimpleUploadedFile("x.jpg", b"teks", "image/jpeg")
        response = client.post(url, {"image": bad}, follow=True)
        assert "bukan foto JPEG, PNG atau WebP" in response.content.decode()
        response = client.post(url, {}, follow=True)
        assert "Pilih berkas foto." in response.content.decode()
        assert report.photos.count() == 1

    def test_removing_through_the_page_asks_first(self, client, report):
        photo = services.add_photo(
            actor=coach_of(report), report_id=report.pk, uploaded=image_file()
        )
        client.force_login(coach_of(report))
        page = client.get(reverse("reports:report_edit", args=[report.pk])).content.decode()
        assert 'data-confirm="Hapus foto ini dari laporan?"' in page
        response = client.post(reverse("reports:photo_remove", args=[photo.pk]), follow=True)
        assert "Foto dihapus." in response.content.decode()
        assert not ReportPhoto.objects.exists()

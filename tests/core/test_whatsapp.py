"""wa.me links: numbers in the international form, the message encoded whole."""

import pytest

from core.whatsapp import international, share_url


@pytest.mark.parametrize(
    "typed, number",
    [
        ("0812-3456-7890", "6281234567890"),
        ("+62 812 3456 7890", "6281234567890"),
        ("81234567890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("", ""),
        ("12345", ""),
        ("0812", ""),
    ],
)
def test_numbers_are_written_as_whatsapp_wants(typed, number):
    assert international(typed) == number


def test_the_message_is_encoded_whole():
    url = share_url("Survei: https://portal/skm/isi/abc?x=1&y=2 #1", "0812-3456-7890")
    assert url.startswith("https://wa.me/6281234567890?text=Survei%3A%20https%3A%2F%2F")
    assert "&y" not in url and "%26y%3D2%20%231" in url
    assert share_url("Halo").startswith("https://wa.me/?text=Halo")

"""A survey's QR code: an SVG image of its public link, for anyone (posters, leaflets)."""

import xml.etree.ElementTree as ET
from io import BytesIO

import pytest
import qrcode
import qrcode.image.svg
from django.urls import reverse

from recoveryhub.feedback.presenters_hubs import public_link

pytestmark = pytest.mark.django_db


def test_the_qr_code_is_an_svg_image_of_the_public_link(client, settings, feedback):
    settings.SITE_URL = "https://recovery.example.nhs.uk"
    response = client.get(reverse("feedback:survey_qr", args=[feedback.fft_a.link_code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)  # noqa: S314 - our own page, not untrusted
    assert root.tag.endswith("svg")
    assert root.find(".//{http://www.w3.org/2000/svg}path") is not None
    link = public_link(feedback.fft_a)
    assert link == f"https://recovery.example.nhs.uk/feedback/s/{feedback.fft_a.link_code}/"
    out = BytesIO()
    qrcode.make(link, image_factory=qrcode.image.svg.SvgPathImage).save(out)
    assert response.content == out.getvalue()  # the code of that link, and no other


def test_each_survey_has_its_own_code(client, feedback):
    one = client.get(reverse("feedback:survey_qr", args=[feedback.fft_a.link_code])).content
    two = client.get(reverse("feedback:survey_qr", args=[feedback.own_a.link_code])).content
    assert one != two

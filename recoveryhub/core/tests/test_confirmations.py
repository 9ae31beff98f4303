"""Confirmations show once, on the page they belong to, and never later (issue 12: "Success
messages … do not show on the page they belong to, then appear later on unrelated
pages, sometimes twice"). The layout draws them; no other template may."""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils.html import escape

import recoveryhub

pytestmark = pytest.mark.django_db

OWN_RECORD = {
    "full_name": "Patricia Jones",
    "preferred_name": "Pat",
    "pronouns": "she/her",
    "date_of_birth_0": "15",
    "date_of_birth_1": "3",
    "date_of_birth_2": "1984",
    "nhs_number": "999 765 4323",
    "email": "pat@example.com",
    "phone": "07700 900982",
    "address": "1 High Street, Wisbech",
    "contact_preference": "text",
    "communication_needs": ["easy_read"],
    "interpreter_language": "",
}


def shown_once(client, response, text: str) -> str:
    """Follows the redirect; the message is on that page once, in a status banner."""
    assert response.status_code == 302, response.status_code
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count(escape(text)) == 1, f"{text!r} shown {html.count(escape(text))} times"
    banner = re.search(
        r'class="nhsuk-notification-banner[^"]*"[^>]*role="status"(.*?)</div>\s*</div>',
        html,
        re.S,
    )
    assert banner and escape(text) in banner.group(1)
    assert html.index("nhsuk-notification-banner") < html.index("<h1")
    return html


def not_on(client, url: str, text: str) -> None:
    html = client.get(url).content.decode()
    assert escape(text) not in html, f"{text!r} came back on {url}"


def test_saving_your_own_record(client, sign_in, world):
    sign_in(client, world.pat_user)
    text = "Your details have been saved"
    response = client.post(reverse("people:my_record_change"), OWN_RECORD)
    shown_once(client, response, text)
    not_on(client, reverse("plans:mine"), text)
    not_on(client, reverse("people:my_record"), text)


def test_changing_what_a_carer_sees(client, sign_in, world):
    sign_in(client, world.pat_user)
    text = f"What you share with {world.carer_link.carer.display_name} has been saved"
    url = reverse("people:carer_sharing", args=[world.carer_link.pk])
    response = client.post(url, {"shared": ["shares_plans"]})
    shown_once(client, response, text)
    not_on(client, reverse("plans:mine"), text)


def test_sending_an_invitation(client, sign_in, world):
    world.quinn.email = "quinn@example.com"
    world.quinn.date_of_birth = date(1990, 5, 17)
    world.quinn.save()
    sign_in(client, world.clinician)
    url = reverse("people:person_invite", args=[world.quinn.pk])
    response = client.post(url, {"confirm": "yes"})
    text = f"{world.quinn.display_name} will get an invitation by email"
    shown_once(client, response, text)
    not_on(client, reverse("people:person_detail", args=[world.quinn.pk]), text)


def test_saving_a_plan(client, sign_in, world, plans):
    sign_in(client, world.pat_user)
    response = client.post(reverse("plans:edit"), {"keeps_me_well": "Walking the dog at dawn"})
    shown_once(client, response, "Plan saved")
    not_on(client, reverse("plans:mine"), "Plan saved")
    keep_risk_plan = {"visible": [f"recovery-{plans.pat_plan.pk}"]}
    response = client.post(reverse("plans:sharing"), keep_risk_plan)
    text = "Who can see your plans has been saved"
    shown_once(client, response, text)
    not_on(client, reverse("plans:sharing"), text)


def test_a_college_staff_action(client, sign_in, world, college):
    sign_in(client, world.college_staff)
    url = reverse("college:manage_run_capacity", args=[college.run.pk])
    response = client.post(url, {"capacity": 12})
    text = "The course run now has 12 places"
    shown_once(client, response, text)
    not_on(client, reverse("college:manage"), text)
    not_on(client, reverse("college:manage_run", args=[college.run.pk]), text)


def test_two_confirmations_share_one_banner(client, sign_in, world):
    sign_in(client, world.pat_user)
    client.post(reverse("people:my_record_change"), OWN_RECORD)
    url = reverse("people:carer_sharing", args=[world.carer_link.pk])
    response = client.post(url, {"shared": ["shares_plans"]})
    html = client.get(response["Location"]).content.decode()
    assert html.count('id="app-confirmation-title"') == 1
    assert html.count("Your details have been saved") == 1
    assert html.count(escape(f"What you share with {world.carer_link.carer.display_name}")) == 1


@dataclass
class Message:
    text: str
    level_tag: str

    def __str__(self) -> str:
        return self.text


def draw(*messages) -> str:
    env = engines["jinja2"].env
    template = env.from_string(
        '{% from "core/_confirmations.jinja" import confirmations %}{{ confirmations(m) }}'
    )
    return template.render(m=list(messages))


def test_success_and_other_notices_each_get_one_banner():
    html = draw(
        Message("Plan saved", "success"),
        Message("Goal saved: <b>walk</b>", "success"),
        Message("This plan is closed, so it cannot be changed", "info"),
    )
    assert html.count('role="status"') == 2
    assert html.count('id="app-confirmation-title"') == 1
    assert html.count('id="app-notice-title"') == 1
    assert re.search(r">\s*Success\s*<", html) and re.search(r">\s*Important\s*<", html)
    assert "&lt;b&gt;walk&lt;/b&gt;" in html  # escaped, never drawn as HTML


def test_an_error_is_an_alert():
    html = draw(Message("You cannot agree a plan nobody has written", "error"))
    assert 'role="alert"' in html and "nhsuk-notification-banner--success" not in html
    assert re.search(r">\s*There is a problem\s*<", html)


def test_nothing_to_say_draws_nothing():
    assert draw().strip() == ""


# Only the layout draws messages -------------------------------------------------------

PACKAGE = Path(recoveryhub.__file__).parent
ALLOWED = {PACKAGE / "core" / "jinja2" / "core" / "_confirmations.jinja"}
DRAWS_MESSAGES = re.compile(
    r"\bfor\s+\w+\s+in\s+(?:messages|flash)\b|\bflash\s*\(|get_messages|\bmessages\s*\|"
)


def test_no_template_but_the_layout_draws_messages():
    templates = list(PACKAGE.rglob("*.jinja"))
    assert len(templates) > 50
    drawing = [
        str(path.relative_to(PACKAGE))
        for path in templates
        if path not in ALLOWED and DRAWS_MESSAGES.search(path.read_text())
    ]
    assert drawing == []
    layout = (PACKAGE / "core" / "jinja2" / "core" / "layout.jinja").read_text()
    assert "confirmations(messages)" in layout


def test_the_check_finds_a_template_that_draws_messages():
    old = "{% for message in messages %}{{ message }}{% endfor %}"
    assert DRAWS_MESSAGES.search(old)
    assert DRAWS_MESSAGES.search("{{ flash(messages) }}")

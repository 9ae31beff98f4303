"""The security baseline: CSP, production checks, error pages that leak nothing."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def test_every_page_carries_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "form-action 'self'",
    ]:
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def deploy_check(tmp_path, **more):
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "recoveryhub.example.nhs.uk",
        "SITE_URL": "https://recoveryhub.example.nhs.uk",
        "RECOVERYHUB_VAR_DIR": str(tmp_path),
        **more,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_djangos_deployment_checks(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("site_url", "said"),
    [
        ("", "points at this machine and is not https"),
        ("http://localhost:8000", "points at this machine and is not https"),
        ("http://recoveryhub.example.nhs.uk", "is not https"),
    ],
)
def test_the_deployment_check_warns_when_emailed_links_would_go_nowhere(tmp_path, site_url, said):
    result = deploy_check(tmp_path, SITE_URL=site_url)
    assert result.returncode != 0
    assert "recoveryhub.W001" in result.stderr + result.stdout
    assert said in result.stderr + result.stdout


def test_page_not_found_is_in_the_nhs_style(client, user):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(user)
        response = client.get("/no-such-page/")
        facts = assert_good_page(response, status=404)
        assert facts.h1s == ["Page not found"]
        assert "nhsuk-header" in response.content.decode()


def test_server_error_page_leaks_nothing(settings):
    settings.ROOT_URLCONF = "recoveryhub.core.tests.urls_boom"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    facts = assert_good_page(response, status=500)
    assert facts.h1s == ["Sorry, there is a problem with the service"]
    text = response.content.decode()
    assert "on fire" not in text and "Traceback" not in text and "RuntimeError" not in text


def test_forms_need_their_csrf_token_and_say_so_plainly(user, password):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("accounts:sign_in"), {"username": user.email, "password": password}
    )
    facts = assert_good_page(response, status=403)
    assert facts.h1s == ["You cannot see this page"]
    assert "CSRF" not in response.content.decode()


def test_bad_request_page(rf):
    from recoveryhub.core.views import bad_request

    response = bad_request(rf.get("/"))
    assert response.status_code == 400
    assert b"Sorry, there is a problem with the page you asked for" in response.content


def test_access_events_cannot_be_changed_or_deleted(world):
    from recoveryhub.core.access_log import record

    event = record(actor=world.peer_worker, person=world.pat, action=AccessAction.VIEW)
    event.action = AccessAction.PRINT
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.filter(pk=event.pk).update(action="print")
    with pytest.raises(PermissionError):
        AccessEvent.objects.all().delete()
    assert AccessEvent.objects.get().action == "view"


def test_admin_cannot_add_change_or_delete_access_events(client, sign_in, world):
    from recoveryhub.core.access_log import record

    event = record(actor=world.peer_worker, person=world.pat, action=AccessAction.VIEW)
    sign_in(client, world.admin)
    assert client.get(reverse("admin:core_accessevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_accessevent_add")).status_code == 403
    change = reverse("admin:core_accessevent_change", args=[event.pk])
    assert client.post(change, {"action": "print"}).status_code == 403
    delete = reverse("admin:core_accessevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessEvent.objects.get().action == "view"


def test_an_admin_looking_at_a_record_in_admin_is_in_the_access_log(client, sign_in, world):
    sign_in(client, world.admin)
    response = client.get(reverse("admin:people_person_change", args=[world.pat.pk]))
    assert response.status_code == 200
    assert AccessEvent.objects.get().actor == world.admin


def test_admin_is_not_found_for_everyone_but_admins(client, sign_in, world):
    for who in [world.pat_user, world.peer_worker, world.manager]:
        client.logout()
        sign_in(client, who)
        assert client.get(reverse("admin:index")).status_code == 404
        assert client.get(reverse("admin:people_person_changelist")).status_code == 404

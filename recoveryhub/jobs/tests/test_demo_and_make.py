"""`make run` sends the demo's messages with no cron: it starts the runner beside the
web server, and one pass of the runner sends what is due."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from recoveryhub.measures.models import ReminderSchedule, ReminderSent

from .test_runner import run_once

MAKEFILE = Path(settings.BASE_DIR) / "Makefile"


def run_recipe() -> list[str]:
    lines = MAKEFILE.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^run\s*:", line))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_make_run_starts_the_job_runner_beside_the_web_server():
    recipe = " ".join(run_recipe()).replace("\\ ", " ")
    runner = recipe.find("manage.py run_jobs &")
    server = recipe.find("manage.py runserver")
    assert runner != -1, "make run must start manage.py run_jobs in the background"
    assert server != -1 and runner < server, "the runner starts before the web server"
    # And is stopped when the web server stops, whichever way it stops.
    assert re.search(r"trap '[^']*kill \$\$jobs[^']*' EXIT INT TERM", recipe)
    assert "DEBUG=1" in recipe[runner - 40 : runner]  # so its messages go to the console


def test_make_runs_settings_send_to_the_console_and_junk_job_settings_are_refused(tmp_path):
    from recoveryhub.core.tests.test_settings import read_settings, settings_of

    debug = settings_of(tmp_path, DEBUG="1")  # what `make run` sets
    assert debug["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    for name, value in [("JOBS_MAX_ATTEMPTS", "0"), ("JOBS_RETRY_BASE_SECONDS", "soon")]:
        result = read_settings(tmp_path, DEBUG="1", **{name: value})
        assert result.returncode != 0 and name in result.stderr


@pytest.mark.django_db
def test_the_demo_sends_a_due_reminder_with_no_cron(settings, django_capture_on_commit_callbacks):
    settings.ALLOW_DEMO_DATA = True
    call_command("seed_demo", size="small", seed=1, stdout=StringIO())
    # The day the demo person's check-in reminder falls due.
    schedule = ReminderSchedule.objects.get(person__user__email="person@recoveryhub.example")
    schedule.next_due = timezone.localdate()
    schedule.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_once()
    reminders = [m for m in mail.outbox if "check-in" in m.subject]
    assert len(reminders) == 1
    assert ReminderSent.objects.filter(schedule=schedule).count() == 1
    # And never twice.
    with django_capture_on_commit_callbacks(execute=True):
        run_once()
    assert len([m for m in mail.outbox if "check-in" in m.subject]) == 1

"""django-tasks is the backport of Django 6's own tasks API: on Django 6 the same names
come from django.tasks, so upgrading is an import and a settings change."""

from importlib.util import find_spec

if find_spec("django.tasks"):  # Django 6+
    from django.tasks import task, task_backends  # type: ignore[import-not-found]
else:
    from django_tasks import task, task_backends

__all__ = ["task", "task_backends"]

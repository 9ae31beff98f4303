"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """Every emailed link (invitations, password resets, College links) starts with
    SITE_URL: left at the development default, people get links that go nowhere."""
    url = urlsplit(settings.SITE_URL)
    problems = []
    if url.hostname in LOCAL_HOSTS or url.hostname is None:
        problems.append("points at this machine")
    if url.scheme != "https":
        problems.append("is not https")
    if not problems:
        return []
    return [
        Warning(
            f"SITE_URL ({settings.SITE_URL}) {' and '.join(problems)}: emailed links "
            "(invitations, password resets, College links) would not reach the service.",
            hint="Set SITE_URL to the address people use, e.g. https://recoveryhub.example.nhs.uk",
            id="recoveryhub.W001",
        )
    ]

"""Refuse any request carrying a NUL byte, before a view or the database sees it.

PostgreSQL cannot store or compare text holding NUL ("\\x00"): a search, a list filter, a
form field or a session cookie holding one would end in a server error there. No one
types NUL, so it is refused everywhere in one place, with a 400 page that says what to do.

It runs before the session is read (a session key could hold NUL too), so the page is
drawn without the signed-in user, and takes the headers later middleware would add.
"""

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpResponse
from django.template import loader

NUL = "\x00"
TITLE = "Sorry, there is a problem with the page you asked for"


def has_nul(request) -> bool:
    """NUL in the path, a GET or POST parameter's name or value, a cookie or a header."""
    if NUL in request.path:
        return True
    parts = [request.GET, request.COOKIES]
    if request.method == "POST" and _is_form(request):
        parts.append(request.POST)
    for part in parts:
        pairs = part.lists() if hasattr(part, "lists") else part.items()
        for name, values in pairs:
            if NUL in name or any(NUL in value for value in _as_list(values)):
                return True
    headers = (value for key, value in request.META.items() if key.startswith("HTTP_"))
    return any(NUL in value for value in headers if isinstance(value, str))


def _is_form(request) -> bool:
    return request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")


def _as_list(values) -> list:
    return values if isinstance(values, list) else [values]


def refused_response() -> HttpResponse:
    template = loader.get_template("core/errors/bad_character.jinja")
    body = template.render({"title": TITLE, "status": 400, "trust_name": settings.TRUST_NAME})
    response = HttpResponse(body, status=400)
    # Middleware after this one never sees the response, so add what it would.
    response[CSP_HEADER] = build_policy()
    response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    return response


class RefuseNulMiddleware:
    """Before the session middleware (see settings.MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return refused_response()
        return self.get_response(request)

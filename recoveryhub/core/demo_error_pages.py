"""The product's own error pages while DEBUG is on, for the demo (`make run`).

With DEBUG on, Django answers a missing page or a failing view with its technical
pages (URL patterns, tracebacks, settings). Those are for developers; someone trying
the demo should see what a real user would: the NHS.UK "Page not found" and "Sorry,
there is a problem with the service" pages (core/views.py, the URLconf's handlers).

`make run` keeps DEBUG on (static files from build/, e-mail to the console, demo data
allowed) and sets DEBUG_ERROR_PAGES=0, which turns this middleware on. Outside DEBUG it
does nothing: Django already uses the handlers.
"""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import Resolver404, get_resolver, get_urlconf, resolve

logger = logging.getLogger("django.request")


def _active() -> bool:
    return settings.DEBUG and not settings.DEBUG_ERROR_PAGES


def _handler(request, status: int):
    urlconf = getattr(request, "urlconf", None) or get_urlconf()
    return get_resolver(urlconf).resolve_error_handler(status)


class ProductErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _active():
            # An address nothing answers is found out before any view runs, so it
            # never reaches process_exception: look it up here, as Django would.
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exc:
                return _handler(request, 404)(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not _active():
            return None
        if isinstance(exception, Http404):
            return _handler(request, 404)(request, exception)
        if isinstance(exception, PermissionDenied):
            return _handler(request, 403)(request, exception)
        if isinstance(exception, BadRequest | SuspiciousOperation):
            return _handler(request, 400)(request, exception)
        # Still a fault to fix: it goes to the log with its traceback, as without DEBUG.
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return _handler(request, 500)(request)

"""Database faults shown kindly: a 503 page that says it is temporary, never a traceback.

A database that is unreachable, or locked past SQLite's busy timeout, is a fault of the
service, not of the person: they see "Sorry, there is a problem with the service", a
503 with Retry-After, and nothing half-written (every multi-row write is atomic, so
the failed transaction has already rolled back by the time we get here).

Two ways in, because Django turns an exception raised inside any middleware (a session
or user lookup, a session save) into a response at that layer, before an outer
middleware could catch it:
- `DatabaseFaultMiddleware.process_exception` for faults raised by a view;
- `recoveryhub.core.views.server_error` (handler500) asks `is_database_fault` about
  the exception being handled, for faults raised by other middleware.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

TITLE = "Sorry, there is a problem with the service"
# Long enough for a locked database or a restarted server to come back.
RETRY_AFTER_SECONDS = 60


def is_database_fault(exc: BaseException | None) -> bool:
    """Faults of the database itself, not of our code: unreachable, locked, connection lost.

    IntegrityError, DataError and ProgrammingError are bugs to fix (a 500 that someone
    looks into), not temporary problems, so they are not faults here.
    """
    return isinstance(exc, OperationalError | InterfaceError) or type(exc) is DatabaseError


def close_broken_connections() -> None:
    """Drop connections that no longer work, so the next request connects afresh.

    Never inside an atomic block: that is a test's transaction (the view's own blocks
    have all ended by now), and closing it would lose the test's data.
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def unavailable_response() -> HttpResponse:
    """The 503 page. It asks nothing of the database: no user, no session, no menus."""
    template = loader.get_template("core/errors/unavailable.jinja")
    body = template.render({"title": TITLE, "status": 503, "trust_name": settings.TRUST_NAME})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def fault_response() -> HttpResponse:
    close_broken_connections()
    return unavailable_response()


class DatabaseFaultMiddleware:
    """First in MIDDLEWARE: it answers a view's fault after any other middleware has had
    its say, and the 503 still goes out through all of them (CSP and security headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_fault(exception):
            return None
        # What and where, for whoever runs the service; no request body, no parameters.
        logger.error(
            "Database fault on %s %s, answered 503: %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
            exception,
            exc_info=exception,
        )
        return fault_response()

"""Limits on how often one client address, or one email address, may do something
(ask to become a student, ask for a place).

Each counted try is a row (ThrottleHit), so every web worker shares the count on SQLite
and PostgreSQL alike, with no cache server to run. The client address is django-axes'
(django-ipware behind TRUSTED_PROXY_COUNT proxies), the one the sign-in pause counts
by. Two requests at the same moment on PostgreSQL may both pass the last free try: a
limit can be overshot by a request or two, never by a burst.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import ThrottleHit

CLIENT = "client"
EMAIL = "email"
KEPT_FOR = timedelta(days=1)  # longer than any limit's window


@dataclass(frozen=True)
class Limit:
    name: str  # limits with one name share their counted tries
    by: str  # CLIENT or EMAIL
    most: int
    per: timedelta


def client_address(request) -> str:
    return get_client_ip_address(request) or "unknown"


def _key(value: str) -> str:
    return salted_hmac("recoveryhub.throttle", value.strip().lower()).hexdigest()


@transaction.atomic
def count_try(request, limits: Iterable[Limit], *, email: str = "", now=None) -> Limit | None:
    """Count this try against every limit and return None; or, when a limit is used up,
    count nothing and return that limit."""
    now = now or timezone.now()
    values = {CLIENT: client_address(request), EMAIL: email}
    keyed = [(limit, _key(values[limit.by])) for limit in limits if values[limit.by]]
    for limit, key in keyed:
        recent = ThrottleHit.objects.filter(name=limit.name, key=key, at__gt=now - limit.per)
        if recent.count() >= limit.most:
            return limit
    ThrottleHit.objects.filter(at__lt=now - KEPT_FOR).delete()
    counted = {(limit.name, key) for limit, key in keyed}
    ThrottleHit.objects.bulk_create(ThrottleHit(name=n, key=k, at=now) for n, k in counted)
    return None


def too_many_tries(request, what: str, limit: Limit):
    """The page for a refused try: 429, saying how long to wait."""
    response = render(
        request,
        "accounts/too_many_tries.jinja",
        {"what": what, "wait": how_long(limit.per)},
        status=429,
    )
    response["Retry-After"] = str(int(limit.per.total_seconds()))
    return response


def how_long(wait: timedelta) -> str:
    minutes = max(1, round(wait.total_seconds() / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"

"""What secondary suppression hides in an aggregate table (and the figures it was worked
out from), kept until the table changes, so a page works it out once per change of its
figures rather than on every request (on a trust's College reach page that is most of a
second for each term).

The caller names what the answer depends on (`depends_on`: e.g. a term, the revision of
its kept counts and how many of its runs have finished): the key is a digest of that and
of the rules' own code, so a new release never reads an answer its rules would not give.
Answers are kept in this process (the last few) and in the database (shared by every
worker and kept across restarts, the newest KEEP of each purpose).
"""

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction

from . import secondary_suppression
from .models import ProtectedTable

KEEP = 200  # answers kept in the database for each purpose
_IN_PROCESS = 64
_recent: OrderedDict = OrderedDict()


def rules_version(*modules) -> str:
    """A digest of the code that works answers out (its files, source or compiled): kept
    answers go with it."""
    digest = hashlib.blake2b(digest_size=8)
    for module in (secondary_suppression, *modules):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def key_of(purpose: str, rules: str, depends_on: Hashable) -> str:
    return hashlib.blake2b(repr((purpose, rules, depends_on)).encode(), digest_size=32).hexdigest()


def kept(purpose: str, keys: Iterable[str], work_out: Callable[[list[str]], dict]) -> dict:
    """{key: answer} for each key: kept answers where there are, the rest from
    `work_out(missing keys)` ({key: answer}, JSON-safe: what is read back has lists for
    tuples), then kept."""
    keys = list(dict.fromkeys(keys))
    found = {k: _recent[k] for k in keys if k in _recent}
    missing = [k for k in keys if k not in found]
    if missing:
        found |= dict(
            ProtectedTable.objects.filter(digest__in=missing).values_list("digest", "hidden")
        )
    missing = [k for k in keys if k not in found]
    if missing:
        worked = json.loads(json.dumps(work_out(missing)))  # as the database would give
        _keep(purpose, worked)
        found |= worked
    for k in keys:
        _remember(k, found[k])
    return {k: found[k] for k in keys}


def _keep(purpose: str, answers: dict) -> None:
    """Store answers. Another worker may have stored the same one first, and a busy
    database may refuse the write: either way the page already has its answer."""
    rows = [ProtectedTable(digest=k, purpose=purpose, hidden=v) for k, v in answers.items()]
    try:
        with transaction.atomic():
            ProtectedTable.objects.bulk_create(rows, ignore_conflicts=True)
            old = ProtectedTable.objects.filter(purpose=purpose).order_by("-made_at", "-pk")
            stale = list(old.values_list("pk", flat=True)[KEEP : KEEP + 500])
            if stale:
                ProtectedTable.objects.filter(pk__in=stale).delete()
    except (IntegrityError, DatabaseError):
        pass


def _remember(key: str, answer) -> None:
    _recent[key] = answer
    _recent.move_to_end(key)
    while len(_recent) > _IN_PROCESS:
        _recent.popitem(last=False)


def forget_in_process() -> None:
    """For tests: as a fresh process would start."""
    _recent.clear()

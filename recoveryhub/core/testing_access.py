"""A pytest plugin: any test that writes an access event the person would read without plain
words fails, so a new kind of event cannot reach 'Who has looked at your record' unworded."""

import pytest

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _every_access_event_has_plain_words(request):
    if not (
        request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames)
    ):
        yield
        return
    request.getfixturevalue("_django_db_helper")  # set up first, so torn down after this check
    yield
    from django.db import connection

    if connection.needs_rollback:
        return  # the test ended inside a failed transaction (on purpose): nothing to read
    from recoveryhub.core.access_story import unworded
    from recoveryhub.core.models import AccessEvent

    missing = unworded(
        AccessEvent.objects.order_by().values_list("action", "object_type").distinct()
    )
    assert not missing, (
        f"Access events with no plain words in core/access_story.py WORDING: {sorted(missing)}"
    )

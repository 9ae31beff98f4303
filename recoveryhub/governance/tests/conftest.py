import pytest

from recoveryhub.governance import defaults
from recoveryhub.governance.models import RetentionRule


@pytest.fixture
def rules(db):
    """The trust's rules as migration 0002 writes them (written again if a flush of the
    test database removed them), by what they cover."""
    for rule in defaults.RULES:
        RetentionRule.objects.get_or_create(covers=rule["covers"], defaults=rule)
    return {rule.covers: rule for rule in RetentionRule.objects.all()}

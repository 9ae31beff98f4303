"""The episodes fixture for every test here."""

import pytest

from recoveryhub.episodes.testing import episodes  # noqa: F401


@pytest.fixture(autouse=True)
def _no_figures_kept_from_another_test():
    """Tests write rows past the services (which move the figures' version on), and roll
    back; kept figures must not outlive the test that counted them."""
    from recoveryhub.episodes import throughput

    throughput._kept.clear()
    yield
    throughput._kept.clear()

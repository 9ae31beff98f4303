"""The episodes fixture for every test here."""

from recoveryhub.episodes.testing import episodes  # noqa: F401

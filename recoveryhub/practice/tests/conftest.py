from recoveryhub.practice.testing import practice  # noqa: F401 - the shared fixture

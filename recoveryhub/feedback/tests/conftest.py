from recoveryhub.feedback.testing import feedback  # noqa: F401 - the shared fixture

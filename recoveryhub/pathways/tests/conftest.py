from recoveryhub.pathways.testing import pathways  # noqa: F401 - the shared fixture

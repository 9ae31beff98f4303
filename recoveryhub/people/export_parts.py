"""The people app's parts of 'My data' kept outside people/export/ (found by the registry)."""

from . import merge_export  # noqa: F401 - registers the joined records' part

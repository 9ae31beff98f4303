from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; also rewrites ES module imports so
    our script can import NHS.UK frontend's module by its hashed name."""

    support_js_module_import_aggregation = True

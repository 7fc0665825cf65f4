"""Production's static files: WhiteNoise's compressed, hashed copies, served with
far-future caching."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    # Rewrite `import … from "./govuk-frontend.min.js"` in init.js to the hashed name
    # too. Without it the hashed init.js loaded the unhashed file, which WhiteNoise
    # serves with max-age=60: a new release could pair new code with an old cached copy.
    support_js_module_import_aggregation = True

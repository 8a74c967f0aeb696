"""Static files under content-hashed names, pre-compressed, cacheable forever."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    # A file added since the last collectstatic keeps its plain name instead of failing the
    # page: it is then served by the finders without the forever-cache, never broken.
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return str(super().stored_name(name))
        except ValueError:  # not collected yet
            return name

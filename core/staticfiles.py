"""The static files' storage of production: WhiteNoise's (hashed names, compressed copies),
remembering each file's address once it has been looked up."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """``{% static %}`` finds a file's hashed name in the manifest and builds its address
    (about 10 µs), seven times on every page for the same stylesheets, scripts and logo.
    The manifest is read once per process and does not change under it (``collectstatic``
    runs before the server starts), so neither does an address: each is kept after the
    first lookup. ``collectstatic`` itself never asks ``url()`` (it hashes with ``_url``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._addresses[name]
        except KeyError:
            address = self._addresses[name] = super().url(name)
            return address

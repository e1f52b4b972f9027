"""The one base of the apps' refusals."""


class PortalError(Exception):
    """A step refused, with its reason in Indonesian for the page to show; ``code`` tells
    the page which case it is when it must say more than the message."""

    def __init__(self, message: str = "", code: str = "invalid"):
        super().__init__(message)
        self.code = code

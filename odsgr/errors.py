"""Exceptions raised by odsgr.

Every exception carries a message written for analysts (Spanish by default). The UI, the API and the
CLI show ``str(error)`` as it is: no traceback ever reaches a user.
"""

from __future__ import annotations


class OdsgrError(Exception):
    """Base class of every error odsgr raises on purpose."""


class ConfigurationError(OdsgrError):
    """The settings are unsafe or inconsistent: the app refuses to start."""


class DataError(OdsgrError):
    """The input data is unusable: wrong columns, labels, encoding, size or format.

    ``options`` names the parameters the message is about (e.g. ``("window",)``); the message
    speaks of them by name, and a front end may add its own spelling (the CLI, its flags).
    """

    def __init__(self, message: str = "", *, options: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.options = options


class FileTooLargeError(DataError):
    """The file exceeds the configured size or row limit."""


class ModelNotFoundError(OdsgrError):
    """No model version exists yet, or the requested version is unknown."""


class ModelIntegrityError(OdsgrError):
    """A model file does not match its recorded checksum or library version."""


class AccessDeniedError(OdsgrError):
    """An admin action was attempted without valid credentials."""


class RetrainInProgressError(OdsgrError):
    """Another retrain holds the lock of this home directory."""


class HubError(OdsgrError):
    """The Hugging Face Hub could not be reached or refused the operation."""


OFFLINE_STATUS = "Sin conexión: sirviendo la versión en caché"


class HubOfflineError(HubError):
    """The Hub could not be reached (network error, timeout or server error)."""


class LLMError(OdsgrError):
    """The language-model endpoint failed after all retries."""

"""odsgr: classify Spanish citizen texts into the UN Sustainable Development Goals.

The public names below are imported on first use: ``import odsgr`` stays cheap (the CLI, the
app and worker processes import only what they need), ``odsgr.Service`` loads the service.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
__version__ = "0.1.0"

# public name -> module defining it
_EXPORTS = {
    "Service": "odsgr.service",
    "Settings": "odsgr.config",
    "OdsgrError": "odsgr.errors",
    "ConfigurationError": "odsgr.errors",
    "DataError": "odsgr.errors",
    "FileTooLargeError": "odsgr.errors",
    "ModelNotFoundError": "odsgr.errors",
    "ModelIntegrityError": "odsgr.errors",
    "AccessDeniedError": "odsgr.errors",
    "RetrainInProgressError": "odsgr.errors",
    "HubError": "odsgr.errors",
    "HubOfflineError": "odsgr.errors",
    "LLMError": "odsgr.errors",
}

__all__ = [
    "AccessDeniedError",
    "ConfigurationError",
    "DataError",
    "FileTooLargeError",
    "HubError",
    "HubOfflineError",
    "LLMError",
    "ModelIntegrityError",
    "ModelNotFoundError",
    "OdsgrError",
    "RetrainInProgressError",
    "Service",
    "Settings",
    "__version__",
]

if TYPE_CHECKING:
    from odsgr.config import Settings
    from odsgr.errors import (
        AccessDeniedError,
        ConfigurationError,
        DataError,
        FileTooLargeError,
        HubError,
        HubOfflineError,
        LLMError,
        ModelIntegrityError,
        ModelNotFoundError,
        OdsgrError,
        RetrainInProgressError,
    )
    from odsgr.service import Service


def __getattr__(name: str) -> object:
    """Import a public name's module on first access (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'odsgr' has no attribute {name!r}")
    value = getattr(__import__(module, fromlist=[name]), name)  # builtin: no importlib import
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})

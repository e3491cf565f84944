"""``HubClient``: the one ``HfApi`` (token and endpoint set once) with error mapping, probes,
refs and the secret check that every Hub module uses."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Mapping

import httpx2
from huggingface_hub import HfApi, get_token
from huggingface_hub.errors import (
    HfHubHTTPError,
    LocalEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)

from odsgr.config import Settings
from odsgr.errors import HubError, HubOfflineError, OdsgrError
from odsgr.registry import Registry

log = logging.getLogger(__name__)

CURRENT_REF = "current"
CARD_FILE = "README.md"
PROBE_TIMEOUT_S = 5.0  # reachability check before any operation that retries on its own
SPACE_SECRETS = {
    "HF_TOKEN": "hf_token",
    "OPENAI_API_KEY": "openai_api_key",
    "ODSGR_ADMIN_PASSWORD": "admin_password",
}


@contextlib.contextmanager
def hub_errors(repo: str, repo_type: str = "model") -> Iterator[None]:
    """Turn client and network exceptions into HubError / HubOfflineError with Spanish messages."""
    kind = {"model": "de modelos", "dataset": "de datos", "space": "del Space"}[repo_type]
    try:
        yield
    except OdsgrError:
        raise
    except RepositoryNotFoundError as error:
        raise HubError(
            f"No existe el repositorio {kind} «{repo}» en el Hub, o el token no tiene acceso."
        ) from error
    except RevisionNotFoundError as error:
        raise HubError(f"La revisión pedida no existe en el repositorio «{repo}».") from error
    except HfHubHTTPError as error:
        status = error.response.status_code if error.response is not None else 0
        if status in (401, 403):
            raise HubError(
                f"El token de Hugging Face no es válido o no tiene permiso sobre «{repo}»."
            ) from error
        if status >= 500 or status in (408, 429):
            raise HubOfflineError(
                f"El Hub no está disponible (error {status} en «{repo}»)."
            ) from error
        raise HubError(f"El Hub rechazó la operación sobre «{repo}» (error {status}).") from error
    except (httpx2.TransportError, LocalEntryNotFoundError, ConnectionError, TimeoutError) as error:
        raise HubOfflineError(
            f"No se puede conectar con el Hub de Hugging Face ({type(error).__name__})."
        ) from error


class HubClient:
    """One home's access to the Hub: its settings, its registry and one ``HfApi``.

    Args:
        settings: the home, the repo ids and the token.
        registry: the home's model registry (shared with the service, never rebuilt here).
        probe_timeout_s: timeout of reachability checks (default :data:`PROBE_TIMEOUT_S`).
    """

    def __init__(
        self, settings: Settings, registry: Registry, probe_timeout_s: float | None = None
    ) -> None:
        self.settings = settings
        self.registry = registry
        self.probe_timeout_s = PROBE_TIMEOUT_S if probe_timeout_s is None else probe_timeout_s
        self.api = HfApi(token=settings.hf_token or None)

    @property
    def token(self) -> str | None:
        """The configured token (``None``: the client's own login, if any)."""
        return self.settings.hf_token or None

    @property
    def endpoint(self) -> str:
        """The Hub's base URL."""
        return str(self.api.endpoint)

    def require_token(self) -> str:
        """The token to write with.

        Raises:
            HubError: no token configured and none saved by ``hf auth login``.
        """
        token = self.settings.hf_token or get_token()
        if not token:
            raise HubError(
                "No hay token de Hugging Face: defina la variable de entorno HF_TOKEN con un "
                "token con permiso de escritura."
            )
        return token

    def require_model_repo(self) -> str:
        """The configured model repo.

        Raises:
            HubError: ``ODSGR_HUB_MODEL_REPO`` is not set.
        """
        if not self.settings.hub_model_repo:
            raise HubError(
                "No hay repositorio de modelos en el Hub: defina ODSGR_HUB_MODEL_REPO "
                "(por ejemplo «org/ods-clasificador»)."
            )
        return self.settings.hub_model_repo

    def probe(self, repo: str, repo_type: str, timeout_s: float | None = None) -> bool:
        """Whether ``repo`` exists; one short call without retries: an offline Hub fails fast."""
        try:
            self.api.repo_info(repo, repo_type=repo_type, timeout=timeout_s or self.probe_timeout_s)
        except RepositoryNotFoundError:
            return False
        return True

    def ensure_repo(self, repo: str, repo_type: str, timeout_s: float | None = None) -> None:
        """Create ``repo`` (private) when it does not exist yet."""
        if not self.probe(repo, repo_type, timeout_s):
            log.info("Creating private %s repo %s on the Hub", repo_type, repo)
            self.api.create_repo(repo, repo_type=repo_type, private=True, exist_ok=True)

    def refs(self, repo: str, repo_type: str = "model") -> tuple[dict[str, str], dict[str, str]]:
        """``(tags, branches)`` of ``repo``, each ``{name: commit}``."""
        refs = self.api.list_repo_refs(repo, repo_type=repo_type)
        tags = {tag.name: tag.target_commit for tag in refs.tags}
        branches = {branch.name: branch.target_commit for branch in refs.branches}
        return tags, branches

    def secret_values(self) -> tuple[str, ...]:
        """The secrets of the settings and of the Space's secret variables (4+ characters)."""
        from_env = (os.environ.get(name, "") for name in SPACE_SECRETS)
        return tuple(s for s in {*self.settings.secrets(), *from_env} if len(s) >= 4)

    def refuse_secrets(self, files: Mapping[str, bytes]) -> None:
        """Raise HubError when any file to upload contains a secret value."""
        secrets = [s.encode("utf-8") for s in self.secret_values()]
        for name, content in files.items():
            if any(secret in content for secret in secrets):
                raise HubError(f"El archivo «{name}» contiene un secreto; no se publica nada.")

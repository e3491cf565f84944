"""The Hugging Face Hub as the source of truth; the local ``models/`` and ``data/`` are a cache.

Layout on the Hub:

* **Model repo** (``ODSGR_HUB_MODEL_REPO``): every published version is one commit holding
  ``model.joblib``, ``metadata.json`` and the model card ``README.md`` (plus
  ``confusion_matrix.png``) at the repo root, tagged ``v<N>``.
  The branch **``current``** points at the commit of the version the app serves. A branch, not a
  tag: it is meant to move (git clients update branches on fetch, never tags), and rolling back
  moves it to an existing ``v<N>`` commit without uploading anything. ``main`` receives the
  commit of each newly promoted version, so its page shows the latest promoted version; after a
  rollback ``current`` (not ``main``) is the served one.
* **Dataset repo** (``ODSGR_HUB_DATASET_REPO``): the labelled history (split ``train``) and the
  fixed validation set (split ``validation``), personal data masked, pushed with ``datasets``; tag
  ``v<N>`` is the data revision of model version ``v<N>``. ``review/`` and ``drift/`` are synced
  from a Space by :func:`start_data_sync`.

Pushes that fail because the Hub cannot be reached are queued in ``models/push_queue.jsonl`` and
retried by the next push or start-up; predictions never wait for the Hub.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2
import pandas as pd
from huggingface_hub import (
    CommitOperationAdd,
    CommitOperationDelete,
    CommitScheduler,
    DatasetCard,
    HfApi,
    constants,
    get_token,
    hf_hub_download,
    snapshot_download,
)
from huggingface_hub.errors import (
    HfHubHTTPError,
    LocalEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)

from odsgr import modelcard
from odsgr.config import HUB_PREFIX, REPO_ROOT, Settings
from odsgr.errors import HubError, ModelNotFoundError, OdsgrError
from odsgr.privacy import mask_texts
from odsgr.registry import (
    HISTORY_COLUMNS,
    METADATA_FILE,
    MODEL_FILE,
    TMP_PREFIX,
    ModelVersion,
    Registry,
    atomic_write_bytes,
    now_iso,
    version_number,
)
from odsgr.storage import atomic_path

if TYPE_CHECKING:
    from odsgr.service import Service

log = logging.getLogger(__name__)

CURRENT_REF = "current"
QUEUE_FILE = "push_queue.jsonl"
CARD_FILE = "README.md"
VERSION_FILES = (MODEL_FILE, METADATA_FILE, CARD_FILE, modelcard.CONFUSION_IMAGE)
PROBE_TIMEOUT_S = 5.0  # reachability check before any operation that retries on its own
STARTUP_TIMEOUT_S = 20.0  # start-up never waits longer for the Hub
SYNCED_DATA_FOLDERS = ("review", "drift")
OFFLINE_STATUS = "Sin conexión: sirviendo la versión en caché"
SPACE_FILES = ("app.py", "requirements.txt")
SPACE_FOLDERS = ("odsgr", "data/demo")
SPACE_SECRETS = {
    "HF_TOKEN": "hf_token",
    "OPENAI_API_KEY": "openai_api_key",
    "ODSGR_ADMIN_PASSWORD": "admin_password",
}


class HubOfflineError(HubError):
    """The Hub could not be reached (network error, timeout or server error)."""


# --------------------------------------------------------------------------- plumbing
def _api(settings: Settings) -> HfApi:
    return HfApi(token=settings.hf_token or None)


def _token(settings: Settings) -> str:
    token = settings.hf_token or get_token()
    if not token:
        raise HubError(
            "No hay token de Hugging Face: defina la variable de entorno HF_TOKEN con un token "
            "con permiso de escritura."
        )
    return token


def _model_repo(settings: Settings) -> str:
    if not settings.hub_model_repo:
        raise HubError(
            "No hay repositorio de modelos en el Hub: defina ODSGR_HUB_MODEL_REPO "
            "(por ejemplo «org/ods-clasificador»)."
        )
    return settings.hub_model_repo


@contextlib.contextmanager
def _hub_errors(repo: str, repo_type: str = "model") -> Iterator[None]:
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


def _probe(api: HfApi, repo: str, repo_type: str, timeout_s: float) -> bool:
    """Whether ``repo`` exists; a short call without retries, so an unreachable Hub fails fast."""
    try:
        api.repo_info(repo, repo_type=repo_type, timeout=timeout_s)
    except RepositoryNotFoundError:
        return False
    return True


def _ensure_repo(api: HfApi, repo: str, repo_type: str, timeout_s: float) -> None:
    if not _probe(api, repo, repo_type, timeout_s):
        log.info("Creating private %s repo %s on the Hub", repo_type, repo)
        api.create_repo(repo, repo_type=repo_type, private=True, exist_ok=True)


def _refs(api: HfApi, repo: str, repo_type: str = "model") -> tuple[dict, dict]:
    refs = api.list_repo_refs(repo, repo_type=repo_type)
    tags = {tag.name: tag.target_commit for tag in refs.tags}
    branches = {branch.name: branch.target_commit for branch in refs.branches}
    return tags, branches


def _secret_values(settings: Settings) -> tuple[str, ...]:
    from_env = (os.environ.get(name, "") for name in SPACE_SECRETS)
    return tuple(s for s in {*settings.secrets(), *from_env} if len(s) >= 4)


def _refuse_secrets(files: Mapping[str, bytes], settings: Settings) -> None:
    """Raise HubError when any file to upload contains a secret value."""
    secrets = [s.encode("utf-8") for s in _secret_values(settings)]
    for name, content in files.items():
        if any(secret in content for secret in secrets):
            raise HubError(f"El archivo «{name}» contiene un secreto; no se publica nada.")


# --------------------------------------------------------------------------- datasets
def _dataset_frames(registry: Registry, mask: bool) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    history = registry.read_history()
    history = history.reindex(columns=list(HISTORY_COLUMNS))
    history = history.assign(
        text=history["text"].astype(str),
        label=history["label"].astype("int64"),
        source=history["source"].fillna("").astype(str),
        added_at=history["added_at"].fillna("").astype(str),
        synthetic=history["synthetic"].fillna(False).astype(bool),
    )
    validation = registry.read_validation()
    validation = pd.DataFrame(
        {
            "text": validation["text"].astype(str) if validation is not None else [],
            "label": validation["label"].astype("int64") if validation is not None else [],
        }
    )
    validation = validation.assign(source="validation", added_at="", synthetic=False)
    masked: dict[str, int] = {}
    if mask:
        for frame in (history, validation):
            texts, counts = mask_texts(frame["text"].tolist())
            frame["text"] = texts
            for kind, count in counts.items():
                masked[kind] = masked.get(kind, 0) + count
    return history, validation, masked


def push_dataset(settings: Settings, version: str, timeout_s: float = PROBE_TIMEOUT_S) -> dict:
    """Push the labelled history and the validation set, and tag that revision ``version``.

    Idempotent: when the tag exists nothing is uploaded.

    Returns:
        ``{"dataset_repo", "dataset_revision", "dataset_commit"}`` (empty when no dataset repo is
        configured or the history is empty).

    Raises:
        HubError, HubOfflineError.
    """
    repo = settings.hub_dataset_repo
    if not repo:
        return {}
    import datasets

    api = _api(settings)
    token = settings.hf_token or None
    with _hub_errors(repo, "dataset"):
        _ensure_repo(api, repo, "dataset", timeout_s)
        tags, _ = _refs(api, repo, "dataset")
        if version in tags:
            return {
                "dataset_repo": repo,
                "dataset_revision": version,
                "dataset_commit": tags[version],
            }
        registry = Registry(settings)
        history, validation, masked = _dataset_frames(registry, settings.mask_personal_data)
        if history.empty:
            return {}
        splits = datasets.DatasetDict(
            {
                "train": datasets.Dataset.from_pandas(history, preserve_index=False),
                "validation": datasets.Dataset.from_pandas(validation, preserve_index=False),
            }
        )
        splits.push_to_hub(repo, token=token, commit_message=f"Datos de la versión {version}")
        card = DatasetCard.load(repo, repo_type="dataset", token=token)
        body = modelcard.render_dataset_card(
            history,
            validation,
            dataset_repo=repo,
            model_repo=settings.hub_model_repo,
            masked=masked,
        )
        if card.text.strip() != body.strip():
            card.text = body
            _refuse_secrets({CARD_FILE: str(card).encode("utf-8")}, settings)
            card.push_to_hub(
                repo, repo_type="dataset", token=token, commit_message="Ficha de datos"
            )
        commit = api.repo_info(repo, repo_type="dataset").sha
        api.create_tag(repo, tag=version, revision=commit, repo_type="dataset", exist_ok=True)
    log.info("Pushed the labelled data to %s@%s", repo, version)
    return {"dataset_repo": repo, "dataset_revision": version, "dataset_commit": commit}


def parse_hub_spec(spec: str) -> tuple[str, str | None]:
    """``"hub:org/name@v3"`` → ``("org/name", "v3")``; the revision is optional."""
    body = spec[len(HUB_PREFIX) :] if spec.startswith(HUB_PREFIX) else spec
    repo, _, revision = body.partition("@")
    if repo.count("/") != 1 or not all(repo.split("/")):
        raise HubError(
            f"Origen de datos del Hub no válido: «{spec}». Use hub:organizacion/nombre[@revisión]."
        )
    return repo, revision or None


def load_labelled_dataset(spec: str, settings: Settings) -> pd.DataFrame:
    """The ``train`` split of a Hub dataset named ``hub:org/name[@revision]``, as a DataFrame.

    Raises:
        HubError: the dataset or revision does not exist, or has no ``train`` split.
        HubOfflineError: the Hub cannot be reached.
    """
    import datasets
    from datasets.exceptions import DatasetNotFoundError

    repo, revision = parse_hub_spec(spec)
    with _hub_errors(repo, "dataset"):
        try:
            split = datasets.load_dataset(
                repo, revision=revision, split="train", token=settings.hf_token or None
            )
        except DatasetNotFoundError as error:
            raise HubError(
                f"No existe el conjunto de datos «{repo}» en el Hub"
                + (f" con la revisión «{revision}»" if revision else "")
                + ", o el token no tiene acceso."
            ) from error
        except ValueError as error:
            raise HubError(f"El conjunto de datos «{repo}» no tiene split «train».") from error
    frame = split.to_pandas()
    frame.attrs = {}
    return frame


def restore_data(settings: Settings, dataset_repo: str, revision: str) -> int:
    """Fill an empty home's history and validation set from the Hub; returns the rows restored."""
    import datasets

    registry = Registry(settings)
    if not registry.read_history().empty:
        return 0
    with _hub_errors(dataset_repo, "dataset"):
        splits = datasets.load_dataset(
            dataset_repo, revision=revision, token=settings.hf_token or None
        )
    history = splits["train"].to_pandas()
    registry.history_dir.mkdir(parents=True, exist_ok=True)
    name = f"part-{0:020d}-hub-{revision}.parquet"
    with atomic_path(registry.history_dir / name) as temporary:
        history[list(HISTORY_COLUMNS)].to_parquet(temporary, index=False)
    if registry.read_validation() is None and "validation" in splits:
        registry.write_validation(splits["validation"].to_pandas())
    log.info("Restored %d labelled rows from %s@%s", len(history), dataset_repo, revision)
    return len(history)


# --------------------------------------------------------------------------- models: push
def _stage_version(
    folder: Path, settings: Settings, registry: Registry, chosen: ModelVersion, dataset: dict
) -> dict[str, bytes]:
    """Write the files of ``chosen`` as published into ``folder``; returns {name: bytes}."""
    shutil.copy2(chosen.model_path, folder / MODEL_FILE)
    metadata = {**chosen.metadata, "hub": {"model_repo": settings.hub_model_repo, **dataset}}
    (folder / METADATA_FILE).write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    parent = None
    if chosen.metadata.get("parent"):
        with contextlib.suppress(ModelNotFoundError):
            parent = registry.get(chosen.metadata["parent"])
    modelcard.write_confusion_png(
        chosen.metadata.get("validation_metrics", {}), folder / modelcard.CONFUSION_IMAGE
    )
    card = modelcard.render_model_card(
        ModelVersion(chosen.version, chosen.path, metadata),
        parent,
        model_repo=settings.hub_model_repo,
        dataset_repo=dataset.get("dataset_repo", ""),
        dataset_revision=dataset.get("dataset_revision", ""),
        space_id=os.environ.get("SPACE_ID", ""),
        confusion_image=True,
    )
    (folder / CARD_FILE).write_text(card, encoding="utf-8")
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def _upload_version(
    api: HfApi,
    settings: Settings,
    registry: Registry,
    chosen: ModelVersion,
    dataset: dict,
    on_main: bool,
) -> str:
    """Upload a version's folder as one commit (on ``main`` or a throw-away branch); its sha."""
    repo = settings.hub_model_repo
    with tempfile.TemporaryDirectory(prefix="odsgr-push-") as tmp:
        files = _stage_version(Path(tmp), settings, registry, chosen, dataset)
        _refuse_secrets(files, settings)
        operations: list = [
            CommitOperationAdd(path_in_repo=name, path_or_fileobj=content)
            for name, content in sorted(files.items())
        ]
        branch = "main" if on_main else f"upload-{chosen.version}"
        if not on_main:
            api.create_branch(repo, branch=branch, revision="main", exist_ok=True)
        stale = set(api.list_repo_files(repo, revision=branch)) & set(VERSION_FILES) - set(files)
        operations += [CommitOperationDelete(path_in_repo=name) for name in sorted(stale)]
        info = api.create_commit(
            repo,
            operations,
            commit_message=f"Versión {chosen.version} del clasificador ODS",
            commit_description=f"Publicada por odsgr el {now_iso()}.",
            revision=branch,
        )
        if not on_main:
            api.delete_branch(repo, branch=branch)
    return info.oid


def _move_current(api: HfApi, repo: str, commit: str, branches: Mapping[str, str]) -> bool:
    """Point the ``current`` branch at ``commit``; False when it already does."""
    if branches.get(CURRENT_REF) == commit:
        return False
    if CURRENT_REF in branches:
        api.delete_branch(repo, branch=CURRENT_REF)
    api.create_branch(repo, branch=CURRENT_REF, revision=commit)
    return True


def _remote_metadata(api: HfApi, repo: str, revision: str, folder: Path) -> dict:
    path = hf_hub_download(
        repo, METADATA_FILE, revision=revision, local_dir=folder, token=api.token
    )
    return json.loads(Path(path).read_text(encoding="utf-8"))


def push_version(
    settings: Settings,
    version: str | None = None,
    *,
    move_current: bool | None = None,
    timeout_s: float = PROBE_TIMEOUT_S,
) -> dict:
    """Publish a version (default: the current one) and its data; move ``current`` to it.

    Idempotent: a version whose tag exists is not uploaded again (rolling back only moves the
    ``current`` branch). A Hub version with the same id but another model is refused.

    Args:
        settings: the home and the repo ids.
        version: ``v<N>``; ``None`` for the current version.
        move_current: point the Hub's ``current`` at it (default: when it is current locally).
        timeout_s: timeout of the reachability check.

    Returns:
        ``{"version", "model_repo", "commit", "uploaded", "current_moved", "dataset_revision"}``.

    Raises:
        HubError: no repo or token configured, conflicting version, access refused.
        HubOfflineError: the Hub cannot be reached.
    """
    registry = Registry(settings)
    repo = _model_repo(settings)
    _token(settings)
    chosen = registry.get(version) if version else registry.current()
    if move_current is None:
        move_current = chosen.version == registry.current_version()
    api = _api(settings)
    with _hub_errors(repo):
        _ensure_repo(api, repo, "model", timeout_s)
        tags, branches = _refs(api, repo)
        dataset = push_dataset(settings, chosen.version, timeout_s)
        uploaded = chosen.version not in tags
        if uploaded:
            commit = _upload_version(api, settings, registry, chosen, dataset, on_main=move_current)
            api.create_tag(repo, tag=chosen.version, revision=commit)
        else:
            commit = tags[chosen.version]
            with tempfile.TemporaryDirectory(prefix="odsgr-check-") as tmp:
                remote = _remote_metadata(api, repo, commit, Path(tmp))
            if remote.get("model_sha256") != chosen.metadata.get("model_sha256"):
                raise HubError(
                    f"La versión {chosen.version} del Hub («{repo}») es un modelo distinto del "
                    f"local. Traiga la versión del Hub con `python -m odsgr pull` antes de "
                    "entrenar y publicar."
                )
        moved = _move_current(api, repo, commit, branches) if move_current else False
    log.info("Hub %s: %s uploaded=%s current_moved=%s", repo, chosen.version, uploaded, moved)
    return {
        "version": chosen.version,
        "model_repo": repo,
        "commit": commit,
        "uploaded": uploaded,
        "current_moved": moved,
        "dataset_revision": dataset.get("dataset_revision"),
    }


# --------------------------------------------------------------------------- queue
def queue_path(settings: Settings) -> Path:
    """The file of pushes waiting for the Hub."""
    return settings.models_dir / QUEUE_FILE


def queued_versions(settings: Settings) -> list[str]:
    """Versions waiting to be pushed, oldest request first, without repeats."""
    path = queue_path(settings)
    if not path.is_file():
        return []
    versions: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            version = json.loads(line)["version"]
            if version not in versions:
                versions.append(version)
    return versions


def _write_queue(settings: Settings, versions: list[str], reason: str = "") -> None:
    lines = [
        json.dumps({"version": v, "queued_at": now_iso(), "reason": reason}, ensure_ascii=False)
        for v in versions
    ]
    atomic_write_bytes(queue_path(settings), "".join(f"{line}\n" for line in lines).encode())


def _flush(settings: Settings, timeout_s: float) -> tuple[dict[str, dict], dict[str, OdsgrError]]:
    pending = queued_versions(settings)
    current = Registry(settings).current_version()
    if current in pending:  # the current version last, so the Hub's ``current`` ends on it
        pending = [v for v in pending if v != current] + [current]
    pushed: dict[str, dict] = {}
    refused: dict[str, OdsgrError] = {}
    for index, version in enumerate(pending):
        try:
            pushed[version] = push_version(
                settings, version, move_current=version == current, timeout_s=timeout_s
            )
        except HubOfflineError:
            _write_queue(settings, [*refused, *pending[index:]], "sin conexión")
            raise
        except ModelNotFoundError:
            log.error("Queued push of %s dropped: the version no longer exists locally", version)
        except HubError as error:
            log.error("Queued push of %s refused: %s", version, error)
            refused[version] = error
    _write_queue(settings, list(refused), "rechazada por el Hub")
    return pushed, refused


def flush_queue(settings: Settings, timeout_s: float = PROBE_TIMEOUT_S) -> list[str]:
    """Push every queued version; the Hub's ``current`` ends on the local current version.

    Returns:
        The versions still queued because the Hub refused them (e.g. a conflicting version).

    Raises:
        HubOfflineError: the Hub cannot be reached (the queue is kept).
    """
    return list(_flush(settings, timeout_s)[1])


def publish(settings: Settings, version: str | None = None) -> dict:
    """Push ``version`` (default: current) after any queued pushes; it stays queued when offline.

    Returns:
        ``push_version``'s summary plus ``"flushed"``: the queued versions pushed before it.

    Raises:
        HubError: configuration error, or the Hub refused this version (e.g. a conflict).
        HubOfflineError: the Hub cannot be reached (the push stays queued).
    """
    registry = Registry(settings)
    _model_repo(settings)
    chosen = registry.get(version) if version else registry.current()
    earlier = [v for v in queued_versions(settings) if v != chosen.version]
    _write_queue(settings, [*earlier, chosen.version], "pendiente")
    try:
        pushed, refused = _flush(settings, PROBE_TIMEOUT_S)
    except HubOfflineError as error:
        raise HubOfflineError(
            f"{error} La publicación de {chosen.version} queda en cola "
            f"({queue_path(settings)}) y se reintentará en la próxima publicación o arranque."
        ) from error
    if chosen.version in refused:
        _write_queue(settings, [v for v in refused if v != chosen.version])
        raise refused[chosen.version]
    return {**pushed[chosen.version], "flushed": [v for v in earlier if v in pushed]}


def publish_after_change(settings: Settings, version: str) -> str:
    """Mirror a local promotion or rollback on the Hub; never raises (the app keeps serving).

    Demo versions are never published. Returns a status message (empty when no Hub is set).
    """
    if not settings.hub_model_repo:
        return ""
    try:
        if Registry(settings).get(version).metadata.get("demo"):
            return f"La versión {version} es de demostración: no se publica en el Hub."
        summary = publish(settings, version)
    except HubError as error:
        log.warning("Hub publication of %s postponed: %s", version, error)
        return str(error)
    return f"Versión {summary['version']} publicada en el Hub ({summary['model_repo']})."


# --------------------------------------------------------------------------- models: pull
def pull_version(
    settings: Settings,
    version: str | None = None,
    *,
    make_current: bool = True,
    restore: bool = True,
    timeout_s: float = PROBE_TIMEOUT_S,
    force: bool = False,
) -> ModelVersion:
    """Fetch the Hub's ``current`` (or tag ``version``) into the local cache and make it current.

    The model file is checked against the SHA-256 recorded in its metadata and loaded once
    (scikit-learn release check) before it becomes current. An empty home also gets the labelled
    history and validation set of that version's data revision. A version pulled by tag obeys
    :meth:`Registry.check_may_become_current` (``force`` overrides it); the Hub's ``current`` was
    current there and may always become current here.

    Raises:
        HubError: no repo, unknown version, nothing published yet.
        HubOfflineError: the Hub cannot be reached.
        ModelIntegrityError: checksum mismatch or another scikit-learn release.
        DataError: the tagged version is rejected, discarded or demo and ``force`` is not set.
    """
    registry = Registry(settings)
    repo = _model_repo(settings)
    if version:
        version_number(version)
    api = _api(settings)
    with _hub_errors(repo):
        if not _probe(api, repo, "model", timeout_s):
            raise HubError(f"No existe el repositorio de modelos «{repo}» en el Hub.")
        tags, branches = _refs(api, repo)
        if version:
            if version not in tags:
                raise HubError(f"La versión {version} no está publicada en «{repo}».")
            commit = tags[version]
        elif CURRENT_REF in branches:
            commit = branches[CURRENT_REF]
        elif tags:
            raise HubError(f"«{repo}» no tiene la rama «{CURRENT_REF}»; indique --version.")
        else:
            raise HubError(f"«{repo}» todavía no tiene ninguna versión publicada.")
        registry.models_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=registry.models_dir))
        try:
            remote = _remote_metadata(api, repo, commit, staging)
            local = None
            with contextlib.suppress(ModelNotFoundError):
                local = registry.get(remote["version"])
            if local is None or local.metadata.get("model_sha256") != remote.get("model_sha256"):
                snapshot_download(
                    repo,
                    revision=commit,
                    local_dir=staging,
                    allow_patterns=list(VERSION_FILES),
                    token=api.token,
                    etag_timeout=timeout_s,
                )
                local = registry.import_version(staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    registry.load(local)
    if make_current and registry.current_version() != local.version:
        if version:
            registry.check_may_become_current(local.version, force=force)
        registry.set_current(local.version, action="pull", actor=f"hub:{repo}")
    hub_meta = local.metadata.get("hub", {})
    if restore and hub_meta.get("dataset_repo") and hub_meta.get("dataset_revision"):
        try:
            restore_data(settings, hub_meta["dataset_repo"], hub_meta["dataset_revision"])
        except HubError as error:
            log.warning("Labelled data not restored from the Hub: %s", error)
    return local


# --------------------------------------------------------------------------- start-up
def _local_status(service: Service) -> str:
    version = service.registry.current_version()
    queued = len(queued_versions(service.settings))
    where = (
        f"se usa la versión local {version} guardada en caché"
        if version
        else "no hay ningún modelo en caché"
    )
    return where + (f"; {queued} publicación(es) en cola" if queued else "")


def _sync(service: Service, timeout_s: float) -> str:
    settings = service.settings
    try:
        refused = flush_queue(settings, timeout_s)
        if refused:
            return (
                f"El Hub rechazó publicar {', '.join(refused)}; {_local_status(service)} "
                "(revise el registro)."
            )
        chosen = pull_version(settings, timeout_s=timeout_s)
        service.current_model()
    except HubOfflineError as error:
        return f"{OFFLINE_STATUS}. {error} {_local_status(service).capitalize()}."
    except OdsgrError as error:
        return f"No se usó el modelo del Hub: {error} {_local_status(service).capitalize()}."
    return f"Modelo {chosen.version} sincronizado con el Hub ({settings.hub_model_repo})."


def sync_at_startup(
    service: Service, timeout_s: float = STARTUP_TIMEOUT_S, data_sync: bool = True
) -> str:
    """At start-up: flush queued pushes, pull the Hub's ``current`` and load it.

    Waits at most ``timeout_s``; a slower Hub is left to finish in the background while the cached
    version is served. Starts :func:`start_data_sync` when a dataset repo is configured.

    Returns:
        A one-line status for the logs and the UI (Spanish).
    """
    settings = service.settings
    if not settings.hub_model_repo:
        return "Hub de Hugging Face no configurado: se usa la copia local."
    outcome: dict[str, str] = {}
    worker = threading.Thread(
        target=lambda: outcome.setdefault(
            "message", _sync(service, min(PROBE_TIMEOUT_S, timeout_s))
        ),
        name="odsgr-hub-sync",
        daemon=True,
    )
    worker.start()
    worker.join(timeout_s)
    if data_sync and settings.hub_dataset_repo:  # creating the scheduler calls the Hub
        threading.Thread(target=start_data_sync, args=(settings,), daemon=True).start()
    if "message" in outcome:
        return outcome["message"]
    return (
        f"El Hub tarda en responder (más de {timeout_s:.0f} s): {_local_status(service)} "
        "mientras se sincroniza en segundo plano."
    )


_schedulers: dict[str, CommitScheduler] = {}


def start_data_sync(settings: Settings, every_minutes: float = 5) -> CommitScheduler | None:
    """Sync ``data/review`` and ``data/drift`` to the dataset repo every few minutes.

    Returns the running ``CommitScheduler`` (one per home), or ``None`` when no dataset repo is
    configured or the Hub cannot be reached now.
    """
    repo = settings.hub_dataset_repo
    if not repo:
        return None
    key = f"{settings.home}|{repo}"
    if key in _schedulers:
        return _schedulers[key]
    for folder in SYNCED_DATA_FOLDERS:
        (settings.data_dir / folder).mkdir(parents=True, exist_ok=True)
    try:
        with _hub_errors(repo, "dataset"):
            scheduler = CommitScheduler(
                repo_id=repo,
                repo_type="dataset",
                folder_path=settings.data_dir,
                every=every_minutes,
                private=True,
                allow_patterns=[f"{folder}/**" for folder in SYNCED_DATA_FOLDERS],
                ignore_patterns=[f"**/{TMP_PREFIX}*"],  # half-written files
                hf_api=_api(settings),
            )
    except HubError as error:
        log.warning("Review/drift sync to the Hub not started: %s", error)
        return None
    _schedulers[key] = scheduler
    return scheduler


# --------------------------------------------------------------------------- Space
def _gradio_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gradio")
    except PackageNotFoundError as error:
        raise HubError("gradio no está instalado: no se puede fijar sdk_version.") from error


def space_front_matter(settings: Settings, space_id: str) -> dict:
    """The Space README metadata (Gradio SDK, pinned version, OAuth when admins sign in)."""
    front: dict = {
        "title": "Clasificador ODS (odsgr)",
        "emoji": "🌍",
        "colorFrom": "blue",
        "colorTo": "green",
        "sdk": "gradio",
        "sdk_version": _gradio_version(),
        "python_version": "3.11",
        "app_file": "app.py",
        "pinned": False,
        "license": modelcard.LICENSE,
        "short_description": "Clasifica textos ciudadanos en español según los ODS",
        "tags": ["sdg", "ods", "text-classification", "spanish"],
    }
    if settings.admin_users or settings.admin_org:
        front["hf_oauth"] = True
        front["hf_oauth_scopes"] = ["openid", "profile"]
    if settings.hub_model_repo:
        front["models"] = [settings.hub_model_repo]
    if settings.hub_dataset_repo:
        front["datasets"] = [settings.hub_dataset_repo]
    return front


def _space_files(source: Path) -> dict[str, bytes]:
    files = {
        name: (source / name).read_bytes() for name in SPACE_FILES if (source / name).is_file()
    }
    for folder in SPACE_FOLDERS:
        for path in sorted((source / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                files[path.relative_to(source).as_posix()] = path.read_bytes()
    if "app.py" not in files:
        raise HubError(f"No se encuentra app.py en {source}: no se puede desplegar.")
    return files


def deploy_space(
    settings: Settings, space_id: str, *, private: bool = False, source: Path = REPO_ROOT
) -> str:
    """Create or update a Gradio Space with the app, its secrets and variables; its URL.

    Uploads app.py, odsgr/, requirements.txt, data/demo and a README with the Space front matter
    (never the local models/data cache, tests or virtual environments). Secrets come from the
    settings (``HF_TOKEN``, ``OPENAI_API_KEY``, ``ODSGR_ADMIN_PASSWORD``) and are never printed or
    written into a file.

    Raises:
        HubError, HubOfflineError.
    """
    parse_hub_spec(space_id)
    _token(settings)
    files = _space_files(source)
    readme = (
        (source / "README.md").read_text(encoding="utf-8")
        if (source / "README.md").is_file()
        else ""
    )
    files[CARD_FILE] = modelcard.render_space_readme(
        space_front_matter(settings, space_id), readme
    ).encode("utf-8")
    _refuse_secrets(files, settings)
    secrets = {key: getattr(settings, field) for key, field in SPACE_SECRETS.items()}
    variables = {
        "ODSGR_HUB_MODEL_REPO": settings.hub_model_repo,
        "ODSGR_HUB_DATASET_REPO": settings.hub_dataset_repo,
        "ODSGR_ADMIN_USERS": ",".join(settings.admin_users),
        "ODSGR_ADMIN_ORG": settings.admin_org,
    }
    api = _api(settings)
    with _hub_errors(space_id, "space"):
        api.create_repo(
            space_id, repo_type="space", space_sdk="gradio", private=private, exist_ok=True
        )
        existing = api.list_repo_files(space_id, repo_type="space")
        stale = [
            path
            for path in existing
            if path.startswith(tuple(f"{folder}/" for folder in SPACE_FOLDERS))
            and path not in files
        ]
        operations: list = [
            CommitOperationAdd(path_in_repo=name, path_or_fileobj=content)
            for name, content in sorted(files.items())
        ] + [CommitOperationDelete(path_in_repo=path) for path in stale]
        api.create_commit(
            space_id, operations, repo_type="space", commit_message="Despliegue de odsgr"
        )
        for key, value in secrets.items():
            if value:
                api.add_space_secret(space_id, key, value)
        for key, value in variables.items():
            if value:
                api.add_space_variable(space_id, key, value)
    return f"{constants.ENDPOINT}/spaces/{space_id}"

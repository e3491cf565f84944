"""Dataset repos: push the labelled history and validation set, load ``hub:org/name@rev``, and
restore an empty home's data from a version's data revision."""

from __future__ import annotations

import logging

import pandas as pd
from huggingface_hub import DatasetCard

from odsgr import modelcard
from odsgr.config import HUB_PREFIX
from odsgr.errors import HubError
from odsgr.hub.client import CARD_FILE, HubClient, hub_errors
from odsgr.privacy import mask_texts
from odsgr.registry import HISTORY_COLUMNS, Registry

log = logging.getLogger(__name__)


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


def push_dataset(client: HubClient, version: str, timeout_s: float | None = None) -> dict:
    """Push the labelled history and the validation set, and tag that revision ``version``.

    Idempotent: when the tag exists nothing is uploaded.

    Returns:
        ``{"dataset_repo", "dataset_revision", "dataset_commit"}`` (empty when no dataset repo is
        configured or the history is empty).

    Raises:
        HubError, HubOfflineError.
    """
    settings = client.settings
    repo = settings.hub_dataset_repo
    if not repo:
        return {}
    import datasets as hf_datasets

    api, token = client.api, client.token
    with hub_errors(repo, "dataset"):
        client.ensure_repo(repo, "dataset", timeout_s)
        tags, _ = client.refs(repo, "dataset")
        if version in tags:
            return {
                "dataset_repo": repo,
                "dataset_revision": version,
                "dataset_commit": tags[version],
            }
        history, validation, masked = _dataset_frames(client.registry, settings.mask_personal_data)
        if history.empty:
            return {}
        splits = hf_datasets.DatasetDict(
            {
                "train": hf_datasets.Dataset.from_pandas(history, preserve_index=False),
                "validation": hf_datasets.Dataset.from_pandas(validation, preserve_index=False),
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
            client.refuse_secrets({CARD_FILE: str(card).encode("utf-8")})
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


def load_labelled_dataset(client: HubClient, spec: str) -> pd.DataFrame:
    """The ``train`` split of a Hub dataset named ``hub:org/name[@revision]``, as a DataFrame.

    Raises:
        HubError: the dataset or revision does not exist, or has no ``train`` split.
        HubOfflineError: the Hub cannot be reached.
    """
    import datasets as hf_datasets
    from datasets.exceptions import DatasetNotFoundError

    repo, revision = parse_hub_spec(spec)
    with hub_errors(repo, "dataset"):
        try:
            split = hf_datasets.load_dataset(
                repo, revision=revision, split="train", token=client.token
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


def restore_data(client: HubClient, dataset_repo: str, revision: str) -> int:
    """Fill an empty home's history and validation set from the Hub; returns the rows restored."""
    import datasets as hf_datasets

    registry = client.registry
    if not registry.read_history().empty:
        return 0
    with hub_errors(dataset_repo, "dataset"):
        splits = hf_datasets.load_dataset(dataset_repo, revision=revision, token=client.token)
    restored = registry.restore_history(splits["train"].to_pandas(), origin=f"hub-{revision}")
    if registry.read_validation() is None and "validation" in splits:
        registry.write_validation(splits["validation"].to_pandas())
    log.info("Restored %d labelled rows from %s@%s", restored, dataset_repo, revision)
    return restored

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
  from a Space by :func:`odsgr.hub.sync.start_data_sync`.

Pushes that fail because the Hub cannot be reached are queued in ``models/push_queue.jsonl`` and
retried by the next push or start-up; predictions never wait for the Hub.

Modules: :mod:`~odsgr.hub.client` (``HubClient``: the one ``HfApi``, error mapping, probes, refs,
secrets), :mod:`~odsgr.hub.models` (push/pull versions, ``current``, tags, model card),
:mod:`~odsgr.hub.datasets` (history/validation datasets, ``hub:org/name@rev``),
:mod:`~odsgr.hub.queue` (pushes waiting for the Hub), :mod:`~odsgr.hub.sync` (start-up sync,
review/drift sync) and :mod:`~odsgr.hub.space` (deploy). Only the service uses them; this package
module and ``queue`` import no ``huggingface_hub``, so a home without a Hub never loads it.
"""

from odsgr.errors import OFFLINE_STATUS, HubError, HubOfflineError

NOT_CONFIGURED_STATUS = "Hub de Hugging Face no configurado: se usa la copia local."

__all__ = ["NOT_CONFIGURED_STATUS", "OFFLINE_STATUS", "HubError", "HubOfflineError"]

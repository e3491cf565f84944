"""Code tests of odsgr.hub against the loopback Hub double, with the real huggingface_hub/datasets.

`huggingface_hub` and `datasets` are only imported inside tests: the double must be running first.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pytest
import yaml

from odsgr.config import Settings
from odsgr.errors import ModelIntegrityError

EXTRA_ROWS = pd.DataFrame(
    {
        "text": [
            "Las niñas de la vereda dejan la escuela porque no hay transporte escolar seguro.",
            "El colegio del barrio necesita bibliotecarios y computadores para los estudiantes.",
            "En el puesto de salud no hay vacunas para los niños desde hace dos meses.",
            "Las madres gestantes caminan tres horas para llegar al hospital más cercano.",
            "Muchas familias desplazadas no tienen ingresos para comprar alimentos cada día.",
            "Los jornaleros viven con menos de un salario mínimo y sin ninguna protección.",
        ],
        "label": [4, 4, 3, 3, 1, 1],
    }
)
PERSONAL_TEXT = (
    "Soy Juan Pérez, escríbame a juan.perez@example.com: en la escuela no hay profesores de inglés."
)


def _uid() -> str:
    return uuid.uuid4().hex[:8]


def hub_settings(home: Path, hub, **extra) -> Settings:
    uid = _uid()
    return Settings(
        home=home,
        hub_model_repo=f"admin/modelo-{uid}",
        hub_dataset_repo=f"admin/datos-{uid}",
        hf_token=hub.token,
        **extra,
    )


def hub_client(settings: Settings):
    """A Hub client over the home of ``settings``, as the service holds one."""
    from odsgr.hub.client import HubClient
    from odsgr.registry import Registry

    return HubClient(settings, Registry(settings))


def copy_home(trained_home: Path, target: Path) -> Path:
    shutil.copytree(trained_home, target)
    return target


def commit_posts(hub, repo: str) -> int:
    return sum(1 for method, path in hub.requests if method == "POST" and f"{repo}/commit/" in path)


@pytest.fixture
def hub_ok(hub):
    """The session hub in mode "ok" again after the test, whatever happened."""
    yield hub
    hub.mode = "ok"
    hub.slow_seconds = 3.0


@pytest.fixture(scope="module")
def published(tmp_path_factory, trained_home, hub):
    """Home A with v1 and v2 published (v2 through the service's promotion hook)."""
    from odsgr.hub import models as hub_models
    from odsgr.registry import Registry
    from odsgr.service import Service

    home = copy_home(trained_home, tmp_path_factory.mktemp("published") / "home")
    settings = hub_settings(home, hub)
    Registry(settings).append_history(
        pd.DataFrame({"text": [PERSONAL_TEXT], "label": [4]}), "con-datos-personales"
    )
    first = hub_models.publish(hub_client(settings))
    service = Service(settings)
    second = service.train(frames=[(EXTRA_ROWS, "extra.csv")])
    assert second.version == "v2"
    return settings, first


def test_push_two_versions_rollback_and_pull_each_by_tag(published, hub, tmp_path):
    from odsgr.hub import models as hub_models
    from odsgr.registry import Registry
    from odsgr.service import Service

    settings, first = published
    repo = settings.hub_model_repo
    assert first["uploaded"] and first["current_moved"] and first["dataset_revision"] == "v1"
    refs = hub.refs("model", repo)
    assert set(refs["tags"]) == {"v1", "v2"}
    assert refs["branches"]["current"] == refs["tags"]["v2"] == refs["branches"]["main"]
    assert set(hub.files("model", repo)) >= {"model.joblib", "metadata.json", "README.md"}

    before = commit_posts(hub, repo)
    Service(settings).rollback("v1")
    refs = hub.refs("model", repo)
    assert refs["branches"]["current"] == refs["tags"]["v1"]
    assert commit_posts(hub, repo) == before  # rollback moves the ref, uploads nothing

    local = Registry(settings)
    texts = EXTRA_ROWS["text"].tolist()
    for version in ("v1", "v2"):
        clean = Settings(
            home=tmp_path / f"clean-{version}", hub_model_repo=repo, hf_token=hub.token
        )
        pulled = hub_models.pull_version(hub_client(clean), version)
        original = local.get(version)
        assert pulled.model_path.read_bytes() == original.model_path.read_bytes()
        assert Registry(clean).current_version() == version
        ours = Service(settings).registry.load(original)
        theirs = Service(clean).registry.load(pulled)
        assert (ours.predict_proba(texts) == theirs.predict_proba(texts)).all()
    restored = Registry(clean)
    assert len(restored.read_history()) > 0 and restored.read_validation() is not None

    current_home = Settings(home=tmp_path / "clean-current", hub_model_repo=repo)
    pulled = hub_models.pull_version(hub_client(current_home))
    assert pulled.version == "v1"  # the rolled-back current


def test_push_is_idempotent(published, hub):
    from odsgr.hub import models as hub_models

    settings, _ = published
    repo = settings.hub_model_repo
    hub_models.publish(hub_client(settings), "v1")
    before = commit_posts(hub, repo), commit_posts(hub, settings.hub_dataset_repo)
    again = hub_models.publish(hub_client(settings), "v1")
    assert not again["uploaded"] and not again["current_moved"]
    assert (commit_posts(hub, repo), commit_posts(hub, settings.hub_dataset_repo)) == before


def test_dataset_is_masked_tagged_and_loadable_at_revision(published, hub):
    from odsgr.hub import datasets as hub_datasets
    from odsgr.registry import Registry

    settings, _ = published
    dataset = settings.hub_dataset_repo
    assert {"v1", "v2"} <= set(hub.refs("dataset", dataset)["tags"])
    frame = hub_datasets.load_labelled_dataset(hub_client(settings), f"hub:{dataset}@v1")
    assert list(frame.columns) == ["text", "label", "source", "added_at", "synthetic"]
    assert len(frame) == len(Registry(settings).read_history()) - len(EXTRA_ROWS)
    assert not frame["text"].str.contains("juan.perez@example.com").any()
    assert frame["text"].str.contains("[CORREO]", regex=False).any()
    metadata = json.loads(hub.files("model", settings.hub_model_repo, "v1")["metadata.json"])
    assert metadata["hub"]["dataset_revision"] == "v1"
    assert metadata["hub"]["dataset_commit"] == hub.refs("dataset", dataset)["tags"]["v1"]
    card = hub.files("dataset", dataset, "v2")["README.md"].decode()
    assert "validation" in card and "Datos personales" in card


def test_train_from_a_hub_dataset(published, tmp_path, capsys):
    from odsgr import cli

    settings, _ = published
    home = tmp_path / "from-hub"
    code = cli.main(["train", "--data", f"hub:{settings.hub_dataset_repo}@v2", "--home", str(home)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["version"] == "v1"
    assert summary["data_reports"][f"hub:{settings.hub_dataset_repo}@v2"]["rows_kept"] > 100

    assert cli.main(["train", "--data", "hub:admin/no-existe-nunca", "--home", str(home)]) == 2
    assert capsys.readouterr().err.startswith("error: No existe el conjunto de datos")


def test_model_card_metadata_reads_back(published, hub):
    from huggingface_hub import ModelCard

    settings, _ = published
    card = ModelCard.load(settings.hub_model_repo)  # main = v2
    data = card.data
    assert data.library_name == "sklearn" and data.language == "es"
    assert data.license == "apache-2.0" and {"sdg", "text-classification"} <= set(data.tags)
    assert data.datasets == [settings.hub_dataset_repo]
    metadata = json.loads(hub.files("model", settings.hub_model_repo)["metadata.json"])
    f1 = next(r for r in data.eval_results if r.metric_type == "f1")
    assert f1.metric_value == pytest.approx(metadata["validation_metrics"]["f1_macro"], abs=1e-6)
    assert {r.metric_type for r in data.eval_results} == {"f1", "precision", "recall"}
    assert f1.dataset_revision == "v2"
    for heading in ("Uso previsto", "ODS cubiertos", "Matriz de confusión", "Límites y riesgos"):
        assert heading in card.text
    assert "Comparación con la versión anterior (v1)" in card.text
    assert "gradio_client" in card.text and "joblib.load" in card.text


@pytest.mark.parametrize("mode", ["refuse", "500", "slow"])
def test_start_up_serves_the_cached_version_when_the_hub_is_down(
    mode, trained_home, tmp_path, hub_ok
):
    from odsgr.service import Service

    home = copy_home(trained_home, tmp_path / "home")
    service = Service(hub_settings(home, hub_ok))
    # A "slow" Hub answers after a minute: slow_replies == 0 proves the start-up gave up first.
    hub_ok.mode, hub_ok.slow_seconds, hub_ok.slow_replies = mode, 60.0, 0
    sent = len(hub_ok.requests)
    message = service.sync_hub_at_startup(timeout_s=1.5, data_sync=False)
    assert hub_ok.slow_replies == 0
    assert len(hub_ok.requests) - sent == 1  # one probe, not retried
    assert "versión local v1" in message
    assert service.predict("Faltan maestros en la escuela rural.").model_version == "v1"


def test_push_is_queued_offline_and_flushed_when_back(trained_home, tmp_path, hub_ok):
    from odsgr import hub as odsgr_hub
    from odsgr.hub import models as hub_models
    from odsgr.hub import queue as hub_queue

    settings = hub_settings(copy_home(trained_home, tmp_path / "home"), hub_ok)
    hub_ok.mode = "refuse"
    with pytest.raises(odsgr_hub.HubOfflineError, match="queda en cola"):
        hub_models.publish(hub_client(settings))
    assert "queda en cola" in hub_models.publish_after_change(hub_client(settings), "v1")
    assert hub_queue.queued_versions(settings) == ["v1"]
    hub_ok.mode = "ok"
    assert hub_models.flush_queue(hub_client(settings)) == []
    assert hub_queue.queued_versions(settings) == []
    refs = hub_ok.refs("model", settings.hub_model_repo)
    assert refs["branches"]["current"] == refs["tags"]["v1"]


def test_pull_fails_fast_and_leaves_the_cache_when_the_hub_is_down(published, tmp_path, hub_ok):
    from odsgr import hub as odsgr_hub
    from odsgr.hub import models as hub_models
    from odsgr.registry import Registry

    settings, _ = published
    clean = Settings(home=tmp_path / "clean", hub_model_repo=settings.hub_model_repo)
    for mode in ("500", "refuse"):
        hub_ok.mode = mode
        before = len(hub_ok.requests)
        with pytest.raises(odsgr_hub.HubOfflineError):
            hub_models.pull_version(hub_client(clean), "v1")
        assert len(hub_ok.requests) - before <= 2  # the probe, no retries with back-off
    assert Registry(clean).current_version() is None


def test_app_hub_status_and_pull_button(published, trained_home, tmp_path, hub_ok):
    from odsgr import hub as odsgr_hub
    from odsgr.access import AccessPolicy
    from odsgr.service import Service
    from odsgr.ui import OdsgrApp

    settings, _ = published
    home = copy_home(trained_home, tmp_path / "app_home")
    service = Service(
        Settings(home=home, hub_model_repo=settings.hub_model_repo, hf_token=hub_ok.token)
    )
    hub_ok.mode = "refuse"
    startup = service.sync_hub_at_startup(timeout_s=5, data_sync=False)
    assert startup.startswith(odsgr_hub.OFFLINE_STATUS)
    app = OdsgrApp(service, AccessPolicy(password="clave"), hub_status=startup)
    assert odsgr_hub.OFFLINE_STATUS in app.ui_about()
    status, _ = app.ui_hub_pull("clave", None)
    assert f"{odsgr_hub.OFFLINE_STATUS} (v1)" in status
    hub_ok.mode = "ok"
    status, banner = app.ui_hub_pull("clave", None)
    served = service.registry.current_version()  # the Hub's current (other tests move it)
    assert f"Modelo {served} traído del Hub" in status and served in banner
    assert service.predict("Faltan maestros en la escuela.").model_version == served


def test_tampered_model_and_other_sklearn_release_are_refused(published, hub, tmp_path):
    from odsgr.hub import models as hub_models
    from odsgr.registry import Registry

    settings, _ = published
    repo = settings.hub_model_repo
    original = hub.files("model", repo, "v1")["model.joblib"]
    hub.tamper("model", repo, "model.joblib", bytes(reversed(original)), revision="v1")
    try:
        clean = Settings(home=tmp_path / "tampered", hub_model_repo=repo)
        with pytest.raises(ModelIntegrityError, match="SHA-256"):
            hub_models.pull_version(hub_client(clean), "v1")
        assert Registry(clean).current_version() is None
    finally:
        hub.tamper("model", repo, "model.joblib", original, revision="v1")

    other = hub_settings(tmp_path / "other", hub)
    shutil.copytree(Registry(settings).get("v1").path, other.models_dir / "v1")
    meta_path = other.models_dir / "v1" / "metadata.json"
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "sklearn_version": "0.24.2"}))
    Registry(other).set_current("v1")
    hub_models.push_version(hub_client(other))
    clean = Settings(home=tmp_path / "clean-other", hub_model_repo=other.hub_model_repo)
    with pytest.raises(ModelIntegrityError, match="scikit-learn 0.24.2"):
        hub_models.pull_version(hub_client(clean))
    assert Registry(clean).current_version() is None


def test_cli_push_and_pull_into_an_empty_home(trained_home, tmp_path, hub, monkeypatch, capsys):
    from odsgr import cli

    home = copy_home(trained_home, tmp_path / "home")
    repo = f"admin/cli-{_uid()}"
    assert cli.main(["pull", "--home", str(home)]) == 2
    assert "ODSGR_HUB_MODEL_REPO" in capsys.readouterr().err
    monkeypatch.setenv("ODSGR_HUB_MODEL_REPO", repo)
    assert cli.main(["push", "--home", str(home)]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == "v1"
    empty = tmp_path / "empty"
    assert cli.main(["pull", "--home", str(empty)]) == 0
    assert json.loads(capsys.readouterr().out) == {"version": "v1", "current": "v1"}
    assert cli.main(["pull", "--version", "v9", "--home", str(empty)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_deploy_creates_the_space_without_leaking_secrets(tmp_path, hub, monkeypatch, capsys):
    from importlib.metadata import version

    from odsgr import cli

    space = f"admin/espacio-{_uid()}"
    secrets = {
        "HF_TOKEN": hub.token,
        "OPENAI_API_KEY": "sk-prueba-no-publicar-1234",
        "ODSGR_ADMIN_PASSWORD": "clave-admin-no-publicar",
    }
    for key, value in secrets.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ODSGR_ADMIN_USERS", "ana,luis")
    monkeypatch.setenv("ODSGR_HUB_MODEL_REPO", "admin/modelo-ods")
    assert cli.main(["deploy", "--space", space, "--home", str(tmp_path)]) == 0
    output = capsys.readouterr()
    assert output.out.strip() == f"{hub.endpoint}/spaces/{space}"
    assert not any(value in output.out + output.err for value in secrets.values())

    files = hub.files("space", space)
    shipped = {"app.py", "requirements.txt", "odsgr/hub/client.py", "data/demo/ods_demo.csv"}
    shipped |= {"odsgr/ui/__init__.py", "odsgr/ui/handlers.py", "odsgr/ui/tabs/clasificar.py"}
    assert shipped <= set(files)
    assert not any(p.startswith(("tests/", ".venv", "models/", "data/history")) for p in files)
    assert not any(p.endswith(".pyc") for p in files)
    requirements = files["requirements.txt"].splitlines()  # the app's needs, no test tools
    assert not any(line.startswith((b"pytest", b"playwright")) for line in requirements)
    for path, content in files.items():
        assert not any(value.encode() in content for value in secrets.values()), path
    front = yaml.safe_load(files["README.md"].decode().split("---")[1])
    assert front["sdk"] == "gradio" and front["sdk_version"] == version("gradio")
    assert front["app_file"] == "app.py" and front["hf_oauth"] is True
    assert front["license"] == "apache-2.0" and front["title"] and front["short_description"]
    assert hub.space_secrets(space) == secrets
    assert hub.space_variables(space) == {
        "ODSGR_HUB_MODEL_REPO": "admin/modelo-ods",
        "ODSGR_ADMIN_USERS": "ana,luis",
    }


def test_review_and_drift_folders_sync_to_the_dataset_repo(tmp_path, hub):
    from odsgr.hub import sync as hub_sync

    settings = hub_settings(tmp_path / "home", hub)
    (settings.data_dir / "review").mkdir(parents=True)
    (settings.data_dir / "review" / "cola.jsonl").write_text('{"text": "[NOMBRE] pide"}\n')
    (settings.data_dir / "history").mkdir()
    (settings.data_dir / "history" / "part-1.parquet").write_bytes(b"no se sube")
    scheduler = hub_sync.start_data_sync(hub_client(settings), every_minutes=60)
    try:
        scheduler.trigger().result()
    finally:
        scheduler.stop()
    files = hub.files("dataset", settings.hub_dataset_repo)
    assert "review/cola.jsonl" in files and not any(p.startswith("history/") for p in files)


def test_pull_by_tag_obeys_the_rule_of_what_may_become_current(trained_home, tmp_path, hub):
    from odsgr.errors import DataError
    from odsgr.hub import models as hub_models
    from odsgr.registry import Registry
    from odsgr.service import Service

    settings = hub_settings(copy_home(trained_home, tmp_path / "home"), hub, gate_f1_tolerance=-1)
    service = Service(settings)
    rejected = service.retrain(frames=[(EXTRA_ROWS, "extra.csv")]).candidate
    service.promote(rejected, force=True)  # published with its rejected gate
    clean = Settings(home=tmp_path / "clean", hub_model_repo=settings.hub_model_repo)
    with pytest.raises(DataError, match="forzar"):
        hub_models.pull_version(hub_client(clean), rejected)
    assert Registry(clean).current_version() is None
    assert hub_models.pull_version(hub_client(clean), rejected, force=True).version == rejected
    assert Registry(clean).current_version() == rejected

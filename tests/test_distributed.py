"""Code tests of the dask engine on an in-process LocalCluster: same results as the local engine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

from odsgr import distributed  # noqa: E402
from odsgr.batch import BatchOptions  # noqa: E402
from odsgr.config import Settings  # noqa: E402
from odsgr.errors import DataError, ModelIntegrityError  # noqa: E402
from odsgr.service import Service  # noqa: E402

# Local dask workers as threads: the same code path, without starting processes.
ONE_THREAD = BatchOptions(workers=1, processes=False)
TWO_THREADS = BatchOptions(workers=2, processes=False)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, demo_data) -> Path:
    """The demo texts (plus an empty and a formula cell) split into three CSV parts."""
    folder = tmp_path_factory.mktemp("dataset")
    frame = pd.read_csv(demo_data)
    texts = frame[[c for c in frame.columns if "text" in c.lower()][0]].tolist()
    frame = pd.DataFrame({"id": range(len(texts)), "texto": texts})
    frame.loc[3, "texto"] = ""
    frame.loc[4, "texto"] = "=SUMA(A1)"
    for number, start in enumerate(range(0, len(frame), 50)):
        frame.iloc[start : start + 50].to_csv(folder / f"part-{number}.csv", index=False)
    return folder


def local_result(service: Service, dataset: Path, tmp_path: Path) -> pd.DataFrame:
    parts = sorted(dataset.glob("*.csv"))
    whole = tmp_path / "whole.csv"
    pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in parts]).to_csv(
        whole, index=False
    )
    service.predict_file(whole, tmp_path / "local.csv", BatchOptions(workers=1))
    return pd.read_csv(tmp_path / "local.csv", dtype=str, keep_default_na=False)


def test_dask_single_file_output_equals_local_engine(trained_home, dataset, tmp_path):
    service = Service(Settings(home=trained_home))
    out = tmp_path / "dask.csv"
    service.predict_dataset(dataset, out, TWO_THREADS)
    expected = local_result(service, dataset, tmp_path)
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(got, expected)
    assert got.loc[4, "texto"] == "'=SUMA(A1)" and got.loc[3, "label"] == ""


def test_dask_parquet_parts_from_a_glob(trained_home, dataset, tmp_path):
    service = Service(Settings(home=trained_home))
    out = tmp_path / "scored"
    service.predict_dataset(str(dataset / "part-*.csv"), out, TWO_THREADS)
    parts = sorted(out.glob("part-*.parquet"))
    assert len(parts) == 3
    got = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    expected = local_result(service, dataset, tmp_path)
    assert got["label"].astype("string").fillna("").tolist() == expected["label"].tolist()
    expected_probability = pd.to_numeric(expected["probability"]).fillna(-1).tolist()
    assert got["probability"].fillna(-1).tolist() == expected_probability
    with pytest.raises(DataError, match="ya existe"):
        service.predict_dataset(dataset, out, ONE_THREAD)


def test_tampered_model_is_refused(trained_home, dataset, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(trained_home, home)
    metadata_path = home / "models" / "v1" / "metadata.json"
    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    metadata["model_sha256"] = "0" * 64
    metadata_path.write_text(json.dumps(metadata), encoding="utf-8")
    service = Service(Settings(home=home))
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        service.predict_dataset(dataset, tmp_path / "o.csv", ONE_THREAD)


def test_worker_checks_digest_and_release():
    with pytest.raises(ModelIntegrityError, match="dañado"):
        distributed._pipeline_from_bytes(b"not a model", "0" * 64, "1.0")


def test_dataset_paths_errors(tmp_path):
    (tmp_path / "a.csv").write_text("texto\nhola\n", encoding="utf-8")
    (tmp_path / "b.xlsx").write_bytes(b"PK")
    with pytest.raises(DataError, match="CSV o Parquet"):
        distributed.dataset_paths(tmp_path)
    with pytest.raises(DataError, match="No hay archivos"):
        distributed.dataset_paths(str(tmp_path / "*.parquet"))
    with pytest.raises(DataError, match="No se encuentra"):
        distributed.dataset_paths(tmp_path / "nada.csv")


def test_non_utf8_csv_is_a_clean_error(trained_home, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("texto\nEducación para los niños del campo\n".encode("cp1252"))
    service = Service(Settings(home=trained_home))
    with pytest.raises(DataError, match="UTF-8"):
        service.predict_dataset(path, tmp_path / "o.csv", ONE_THREAD)
    assert not (tmp_path / "o.csv").exists()

"""The hub double answers the real `huggingface_hub` and `datasets` clients like the Hub does.

`huggingface_hub` and `datasets` are imported inside the tests, never at module level: the
session fixture must export `HF_ENDPOINT` before their first import (see tests/hubdouble.py).
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from hubdouble import HubDouble, install_session_hub


@pytest.fixture(scope="session")
def hub() -> HubDouble:
    started_here = HubDouble.current() is None
    double = install_session_hub()
    yield double
    if started_here:
        double.stop()


@pytest.fixture(autouse=True)
def healthy_hub(hub: HubDouble):
    hub.mode = "ok"
    yield
    hub.mode = "ok"


@pytest.fixture
def api(hub: HubDouble):
    from huggingface_hub import HfApi

    return HfApi(token=hub.token)


def unique_repo(name: str) -> str:
    return f"admin/{name}-{uuid.uuid4().hex[:8]}"


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for relative, data in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def read_tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


# --------------------------------------------------------------------------- account
def test_whoami_accepts_only_the_configured_token(hub: HubDouble, api) -> None:
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    assert api.whoami()["name"] == "admin"
    with pytest.raises(HfHubHTTPError) as wrong_token:
        HfApi(token="hf_wrong").whoami()
    assert wrong_token.value.response.status_code == 401
    with pytest.raises(urllib.error.HTTPError) as anonymous:
        urllib.request.urlopen(f"{hub.endpoint}/api/whoami-v2")
    assert anonymous.value.code == 401


# --------------------------------------------------------------------------- repos
def test_create_repo_for_model_dataset_and_gradio_space(hub: HubDouble, api) -> None:
    from huggingface_hub.errors import HfHubHTTPError

    model, dataset, space = (
        unique_repo("model"),
        unique_repo("dataset"),
        unique_repo("space"),
    )
    assert api.create_repo(model) == f"{hub.endpoint}/{model}"
    api.create_repo(dataset, repo_type="dataset")
    api.create_repo(space, repo_type="space", space_sdk="gradio")

    assert api.model_info(model).sha == hub.refs("model", model)["branches"]["main"]
    assert api.dataset_info(dataset).id == dataset
    assert api.space_info(space).sdk == "gradio"
    with pytest.raises(HfHubHTTPError) as duplicate:
        api.create_repo(model)
    assert duplicate.value.response.status_code == 409
    api.create_repo(model, exist_ok=True)


def test_private_repo_is_not_found_for_anonymous_readers(api) -> None:
    from huggingface_hub import HfApi
    from huggingface_hub.errors import RepositoryNotFoundError

    repo = unique_repo("private")
    api.create_repo(repo, private=True)

    assert api.model_info(repo).private is True
    with pytest.raises(RepositoryNotFoundError):
        HfApi(token=False).model_info(repo)


# --------------------------------------------------------------------------- versions
def test_versioned_uploads_tags_branches_and_downloads(hub: HubDouble, api, tmp_path: Path) -> None:
    from huggingface_hub import hf_hub_download, snapshot_download

    repo = unique_repo("versions")
    api.create_repo(repo)
    v1_files = {"model.json": b'{"version": 1}', "weights/model.bin": b"\x00\x01" * 64}
    v2_files = {"model.json": b'{"version": 2}', "weights/model.bin": b"\x02\x03" * 64}

    before = len(hub.requests)
    first = api.upload_folder(repo_id=repo, folder_path=write_tree(tmp_path / "v1", v1_files))
    assert [r for r in hub.requests[before:] if r[1].endswith("/commit/main")] == [
        ("POST", f"/api/models/{repo}/commit/main")
    ]
    api.create_tag(repo, tag="v1")
    second = api.upload_folder(repo_id=repo, folder_path=write_tree(tmp_path / "v2", v2_files))
    api.create_tag(repo, tag="v2")
    api.create_branch(repo, branch="current", revision="v1")

    refs = api.list_repo_refs(repo)
    assert {tag.name: tag.target_commit for tag in refs.tags} == {
        "v1": first.oid,
        "v2": second.oid,
    }
    assert {branch.name: branch.target_commit for branch in refs.branches} == {
        "main": second.oid,
        "current": first.oid,
    }
    assert [commit.commit_id for commit in api.list_repo_commits(repo)][:2] == [
        second.oid,
        first.oid,
    ]

    downloaded = hf_hub_download(repo, "model.json", revision="v1", cache_dir=tmp_path / "cache-a")
    assert Path(downloaded).read_bytes() == v1_files["model.json"]
    snapshot = snapshot_download(repo, revision="v2", cache_dir=tmp_path / "cache-b")
    assert read_tree(Path(snapshot)) == hub.files("model", repo, "v2")
    assert hub.files("model", repo, "v2")["weights/model.bin"] == v2_files["weights/model.bin"]

    api.delete_branch(repo, branch="current")
    api.create_branch(repo, branch="current", revision="v2")
    assert hub.refs("model", repo)["branches"]["current"] == second.oid
    current = hf_hub_download(
        repo, "model.json", revision="current", cache_dir=tmp_path / "cache-c"
    )
    assert Path(current).read_bytes() == v2_files["model.json"]
    assert api.repo_info(repo, revision="v1").sha == first.oid


def test_missing_repo_revision_and_file_raise_typed_errors(api, tmp_path: Path) -> None:
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import (
        EntryNotFoundError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    repo = unique_repo("errors")
    api.create_repo(repo)

    with pytest.raises(EntryNotFoundError):
        hf_hub_download(repo, "missing.txt", cache_dir=tmp_path)
    with pytest.raises(RevisionNotFoundError):
        hf_hub_download(repo, ".gitattributes", revision="no-such-tag", cache_dir=tmp_path)
    with pytest.raises(RepositoryNotFoundError):
        hf_hub_download(unique_repo("absent"), "model.json", cache_dir=tmp_path)
    with pytest.raises(RepositoryNotFoundError):
        api.model_info(unique_repo("absent"))


def test_lfs_files_report_sha256_and_tampering_keeps_it(
    hub: HubDouble, api, tmp_path: Path
) -> None:
    from huggingface_hub import hf_hub_download

    repo = unique_repo("lfs")
    api.create_repo(repo, repo_type="dataset")
    content = b"PAR1" + bytes(range(256)) * 4 + b"PAR1"
    api.upload_file(
        path_or_fileobj=content,
        path_in_repo="data/train.parquet",
        repo_id=repo,
        repo_type="dataset",
    )

    (entry,) = api.get_paths_info(repo, ["data/train.parquet"], repo_type="dataset")
    assert entry.lfs is not None and entry.lfs.sha256 == hashlib.sha256(content).hexdigest()

    forged = content[:-4] + b"EVIL"
    hub.tamper("dataset", repo, "data/train.parquet", forged)
    served = Path(
        hf_hub_download(repo, "data/train.parquet", repo_type="dataset", cache_dir=tmp_path)
    ).read_bytes()
    assert served == forged
    assert hashlib.sha256(served).hexdigest() != entry.lfs.sha256


def test_tree_listing_follows_pagination(hub: HubDouble, api, tmp_path: Path) -> None:
    repo = unique_repo("pages")
    api.create_repo(repo)
    files = {f"dir/file{i}.txt": f"{i}".encode() for i in range(5)}
    api.upload_folder(repo_id=repo, folder_path=write_tree(tmp_path, files))

    hub.page_size = 2
    try:
        before = len(hub.requests)
        listed = {item.path for item in api.list_repo_tree(repo, recursive=True)}
    finally:
        hub.page_size = 1000
    assert listed == {".gitattributes", "dir", *files}
    assert sum(1 for method, path in hub.requests[before:] if "/tree/" in path) == 4


def test_hf_file_system_reads_byte_ranges(hub: HubDouble, api) -> None:
    from huggingface_hub import HfFileSystem

    repo = unique_repo("ranges")
    api.create_repo(repo)
    content = bytes(range(256)) * 8
    api.upload_file(path_or_fileobj=content, path_in_repo="blob.bin", repo_id=repo)

    fs = HfFileSystem(token=hub.token, skip_instance_cache=True)
    with fs.open(f"{repo}/blob.bin", "rb", block_size=100) as handle:
        handle.seek(1000)
        assert handle.read(10) == content[1000:1010]
    assert fs.cat_file(f"{repo}/blob.bin", start=5, end=9) == content[5:9]


# --------------------------------------------------------------------------- datasets
def test_dataset_push_to_hub_then_load_at_tag(hub: HubDouble, api, tmp_path: Path) -> None:
    import datasets

    repo = unique_repo("ods-texts")
    datasets.Dataset.from_dict({"text": ["agua", "escuela"], "label": [6, 4]}).push_to_hub(
        repo, split="train"
    )
    datasets.Dataset.from_dict({"text": ["hospital"], "label": [3]}).push_to_hub(repo, split="test")
    api.create_tag(repo, tag="v1", repo_type="dataset")
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_dict({"text": ["energía"], "label": [7]}),
            "test": datasets.Dataset.from_dict({"text": ["clima"], "label": [13]}),
        }
    ).push_to_hub(repo)

    tagged = datasets.load_dataset(repo, revision="v1", cache_dir=str(tmp_path / "v1"))
    assert tagged["train"]["text"] == ["agua", "escuela"]
    assert tagged["test"]["label"] == [3]
    latest = datasets.load_dataset(repo, cache_dir=str(tmp_path / "main"))
    assert latest["train"]["text"] == ["energía"]
    assert any(path.endswith(".parquet") for path in hub.files("dataset", repo))


# --------------------------------------------------------------------------- spaces
def test_space_secrets_and_variables_are_stored(hub: HubDouble, api) -> None:
    space = unique_repo("demo")
    api.create_repo(space, repo_type="space", space_sdk="gradio")

    api.add_space_secret(space, "OPENAI_API_KEY", "sk-test")
    api.add_space_variable(space, "ODSGR_MODEL_VERSION", "v2")

    assert hub.space_secrets(space) == {"OPENAI_API_KEY": "sk-test"}
    assert hub.space_variables(space) == {"ODSGR_MODEL_VERSION": "v2"}
    assert api.get_space_variables(space)["ODSGR_MODEL_VERSION"].value == "v2"
    api.delete_space_secret(space, "OPENAI_API_KEY")
    assert hub.space_secrets(space) == {}


# --------------------------------------------------------------------------- faults
def test_mode_500_raises_hub_http_error(hub: HubDouble, api) -> None:
    from huggingface_hub.errors import HfHubHTTPError

    repo = unique_repo("fault")
    api.create_repo(repo)
    hub.mode = "500"
    with pytest.raises(HfHubHTTPError) as error:
        api.model_info(repo)
    assert error.value.response.status_code == 500
    hub.mode = "ok"
    assert api.model_info(repo).id == repo


def test_mode_refuse_raises_connection_error(hub: HubDouble, api) -> None:
    import httpx2

    hub.mode = "refuse"
    with pytest.raises(httpx2.TransportError):
        api.model_info("admin/anything")


def test_mode_slow_raises_timeout(hub: HubDouble, api) -> None:
    import httpx2

    hub.slow_seconds = 1.5
    hub.mode = "slow"
    with pytest.raises(httpx2.TimeoutException):
        api.model_info("admin/anything", timeout=0.3)


def test_requests_are_logged_with_method_and_path(hub: HubDouble, api) -> None:
    api.whoami()
    assert hub.requests[-1] == ("GET", "/api/whoami-v2")
    body = json.dumps({"content": "---\nlicense: mit\n---\n", "repoType": "model"}).encode()
    request = urllib.request.Request(f"{hub.endpoint}/api/validate-yaml", data=body, method="POST")
    with urllib.request.urlopen(request) as response:
        assert json.load(response) == {"errors": [], "warnings": []}

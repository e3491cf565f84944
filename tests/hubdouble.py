"""A loopback Hugging Face Hub double for tests, driven by the real `huggingface_hub` and
`datasets` clients.

The double is a `ThreadingHTTPServer` on 127.0.0.1 that serves the subset of the Hub HTTP API
those clients call (repos, commits, LFS, refs, resolve/download, tree, paths-info, Space secrets
and variables). Repositories live in memory and behave like git: every commit is an immutable
snapshot `{path: bytes}` named by a 40-hex sha, and branches and tags are refs to commit shas.

Recipe
------
`huggingface_hub.constants` and `datasets.config` read `HF_ENDPOINT` (and the cache paths) once,
at import time. So the server address must be in the environment *before* either library is first
imported in the test process, and one pytest run should share a single, session-scoped server.

1. Preferred: start the double from `tests/conftest.py` while pytest configures itself, which
   happens before any test module (or `odsgr` module importing `huggingface_hub`) is collected::

       # tests/conftest.py  (must not import huggingface_hub / datasets at module level)
       import pytest
       from hubdouble import HubDouble, install_session_hub  # tests/ is on sys.path

       def pytest_configure(config):
           install_session_hub()  # starts the server, sets HF_ENDPOINT, HF_HOME, HF_TOKEN...

       def pytest_unconfigure(config):
           hub = HubDouble.current()
           if hub is not None:
               hub.stop()

       @pytest.fixture(scope="session")
       def hub() -> HubDouble:
           return HubDouble.current()

2. Without a conftest hook, a session fixture may call `install_session_hub()` itself, as long
   as the test modules import `huggingface_hub` / `datasets` lazily (inside fixtures or tests).
   `install_session_hub()` returns the already running double when there is one, and raises if
   `huggingface_hub` was imported before with another endpoint.

Environment set by `install_session_hub` (see `hub_env`): `HF_ENDPOINT=http://127.0.0.1:<port>`,
`HF_HUB_DISABLE_TELEMETRY=1`, `HF_HUB_DISABLE_XET=1`, `HF_HUB_DISABLE_PROGRESS_BARS=1`,
`HF_HUB_OFFLINE=0`, `HF_HOME`, `HF_HUB_CACHE`, `HF_DATASETS_CACHE`, `HF_XET_CACHE` under a temp
dir, and `HF_TOKEN=<hub token>`. Pass `token=False` to a client call to act as an anonymous user.

For a private, short-lived server use `with HubDouble() as hub:` and pass `endpoint=hub.endpoint`
to `HfApi`, `hf_hub_download`, `snapshot_download` (`datasets` has no such argument: it needs the
session server).

Routes served (`{type}s` is models | datasets | spaces; `{prefix}` is "" | "datasets/" | "spaces/";
`/api/{t}/{id}` below stands for `/api/{type}s/{id}`):
  GET  /api/whoami-v2
  POST /api/repos/create, DELETE /api/repos/delete, POST /api/validate-yaml
  GET  /api/{t}/{id}[/revision/{rev}] (?blobs=1), GET /api/{t}/{id}/refs
  GET  /api/{t}/{id}/commits/{rev}  (paginated)
  GET  /api/{t}/{id}/tree/{rev}[/{path}]  (?recursive, ?expand, Link rel="next" pagination)
  POST /api/{t}/{id}/paths-info/{rev}  (form or JSON body)
  POST /api/{t}/{id}/preupload/{rev}  ("lfs" for `lfs_patterns` (*.parquet) or >= 10 MB)
  POST /api/{t}/{id}/commit/{rev}  (NDJSON: header, file, lfsFile, deletedFile/Folder)
  POST /{prefix}{id}.git/info/lfs/objects/batch, PUT /__lfs__/{type}/{id}/{sha256}
  POST /api/{t}/{id}/tag/{rev}, DELETE .../tag/{tag}
  POST /api/{t}/{id}/branch/{name} (startingPoint), DELETE .../branch/{name}
  POST|DELETE /api/spaces/{id}/secrets, GET|POST|DELETE /api/spaces/{id}/variables
  GET  /api/spaces/{id}/runtime
  HEAD|GET /{prefix}{id}/resolve/{rev}/{path}  (X-Repo-Commit, ETag, X-Linked-Etag/-Size, Range)
Errors carry `X-Error-Code` (RepoNotFound, RevisionNotFound, EntryNotFound) like the real Hub: 404
for missing things, 401 + RepoNotFound for a private repo read anonymously, 401 for a wrong token,
409 for duplicates. New repos start with an "initial commit" holding `.gitattributes` (and
`README.md` for Spaces), like the Hub.

Fault injection: set `hub.mode` at runtime to "500", "refuse" (the socket is closed without a
reply) or "slow" (the reply waits `hub.slow_seconds`, 3 s by default: call the client with a
shorter `timeout`; `hub.slow_replies` counts the slow requests it finished waiting for, so
`slow_replies == 0` after a call proves the client gave up first). Prefer calls that do not
retry (`HfApi.model_info`, `repo_info`, `list_repo_refs`) in fault tests: download and upload
helpers retry 5xx, timeouts and network errors with exponential back-off for about 20 seconds.
"""

from __future__ import annotations

import base64
import datetime as dt
import fnmatch
import hashlib
import json
import logging
import os
import posixpath
import re
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

logger = logging.getLogger(__name__)

REPO_TYPES = ("model", "dataset", "space")
URL_PREFIXES = {"model": "", "dataset": "datasets/", "space": "spaces/"}
SPACE_SDKS = ("gradio", "streamlit", "docker", "static")
MODES = ("ok", "500", "refuse", "slow")
LFS_POINTER_SIZE = (
    134  # size of a git-lfs pointer file, reported as `pointerSize` like the real Hub
)
LFS_THRESHOLD_BYTES = 10 * 1024 * 1024  # the Hub stores bigger files in LFS whatever their name
INITIAL_GITATTRIBUTES = (
    b"*.parquet filter=lfs diff=lfs merge=lfs -text\n*.bin filter=lfs diff=lfs merge=lfs -text\n"
)
SHA_RE = re.compile(r"^[0-9a-f]{40}$")


class HubError(Exception):
    """An HTTP error reply, typed by the Hub's `X-Error-Code` header when a client relies on it."""

    def __init__(
        self,
        status: int,
        message: str,
        error_code: str | None = None,
        headers: dict | None = None,
        extra: dict | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_code = error_code
        self.headers = headers or {}
        self.extra = extra or {}  # more JSON fields in the error body


@dataclass(frozen=True)
class Blob:
    """One file version. `data` is what is served; the rest is the metadata advertised for it."""

    data: bytes
    oid: str  # git blob sha1 (of the pointer file for LFS blobs, like git)
    size: int
    sha256: str | None = None  # set for LFS files only

    @property
    def is_lfs(self) -> bool:
        return self.sha256 is not None


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    files: dict[str, Blob]
    title: str
    message: str
    author: str
    date: str


@dataclass
class Repo:
    repo_type: str
    repo_id: str
    private: bool
    created_at: str
    sdk: str | None = None
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    lfs_objects: dict[str, bytes] = field(default_factory=dict)
    secrets: dict[str, dict] = field(default_factory=dict)
    variables: dict[str, dict] = field(default_factory=dict)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _git_blob_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _lfs_pointer(sha256: str, size: int) -> bytes:
    return (
        f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n".encode()
    )


def make_blob(data: bytes, lfs: bool) -> Blob:
    """Build the blob metadata the Hub would advertise for `data` stored regular or in LFS."""
    if not lfs:
        return Blob(data=data, oid=_git_blob_sha1(data), size=len(data))
    sha256 = hashlib.sha256(data).hexdigest()
    return Blob(
        data=data,
        oid=_git_blob_sha1(_lfs_pointer(sha256, len(data))),
        size=len(data),
        sha256=sha256,
    )


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HubDouble:
    """In-memory Hub served over loopback HTTP.

    Args:
        token: the only valid access token; it authenticates as `users[0]`.
        users: user names; the token may write in any of these namespaces.
        port: the port to listen on; 0 picks a free one at `start()`.
    """

    _current: HubDouble | None = None

    def __init__(
        self, token: str = "hf_test_token", users: tuple = ("admin",), port: int = 0
    ) -> None:
        self.token = token
        self.users = tuple(users)
        self.port = port
        self.endpoint = ""
        self.mode = "ok"
        self.slow_seconds = 3.0
        self.slow_replies = 0  # "slow" requests the double finished waiting for (see _handle)
        self.page_size = 1000  # tree entries per page; the real Hub uses 1000 (50 with expand)
        self.lfs_patterns: tuple[str, ...] = ("*.parquet",)
        self.requests: list[tuple[str, str]] = []
        self._repos: dict[tuple[str, str], Repo] = {}
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ----------------------------------------------------------------- lifecycle
    def start(self) -> str:
        """Serve on 127.0.0.1 and return the endpoint URL `http://127.0.0.1:PORT`."""
        if self._server is not None:
            return self.endpoint
        handler = type("BoundHubHandler", (_HubHandler,), {"hub": self})
        server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        server.daemon_threads = True
        server.block_on_close = False  # "slow" replies must not hold up stop()
        self._server = server
        self.port = server.server_address[1]
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="hubdouble", daemon=True
        )
        self._thread.start()
        return self.endpoint

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server = None
        if HubDouble._current is self:
            HubDouble._current = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @classmethod
    def current(cls) -> HubDouble | None:
        """The session double installed by `install_session_hub` and still running, if any."""
        return cls._current

    # ----------------------------------------------------------------- inspection
    def files(self, repo_type: str, repo_id: str, revision: str = "main") -> dict[str, bytes]:
        """Contents served for `revision` (branch, tag or commit sha)."""
        with self._lock:
            commit = self._resolve(self._repo(repo_type, repo_id), revision)
            return {path: blob.data for path, blob in commit.files.items()}

    def refs(self, repo_type: str, repo_id: str) -> dict:
        """`{"branches": {name: sha}, "tags": {name: sha}}`."""
        with self._lock:
            repo = self._repo(repo_type, repo_id)
            return {"branches": dict(repo.branches), "tags": dict(repo.tags)}

    def tamper(
        self,
        repo_type: str,
        repo_id: str,
        path: str,
        data: bytes,
        revision: str = "main",
    ) -> None:
        """Serve `data` for `path` from now on, keeping the advertised etag, sha256 and size.

        No commit is made: the revision's sha, ETag and LFS metadata still describe the old
        content, so a client that checks the bytes it receives must refuse them. Keep `len(data)`
        unchanged to get past `huggingface_hub`'s own size check and reach a checksum check.
        """
        with self._lock:
            repo = self._repo(repo_type, repo_id)
            commit = self._resolve(repo, revision)
            blob = commit.files[path]
            commit.files[path] = Blob(data=data, oid=blob.oid, size=blob.size, sha256=blob.sha256)
            if blob.sha256 is not None:
                repo.lfs_objects[blob.sha256] = data

    def space_secrets(self, repo_id: str) -> dict:
        """`{key: value}` of the secrets set on a Space."""
        with self._lock:
            return {
                key: item["value"] for key, item in self._repo("space", repo_id).secrets.items()
            }

    def space_variables(self, repo_id: str) -> dict:
        """`{key: value}` of the variables set on a Space."""
        with self._lock:
            return {
                key: item["value"] for key, item in self._repo("space", repo_id).variables.items()
            }

    def reset(self) -> None:
        """Forget every repo and logged request, and go back to mode "ok"."""
        with self._lock:
            self._repos.clear()
            self.requests.clear()
            self.mode = "ok"

    # ----------------------------------------------------------------- repo model
    def _repo(self, repo_type: str, repo_id: str) -> Repo:
        repo = self._repos.get((repo_type, repo_id))
        if repo is None:
            raise HubError(404, f"Repository {repo_id} not found", "RepoNotFound")
        return repo

    def _resolve(self, repo: Repo, revision: str) -> Commit:
        for refs in (repo.branches, repo.tags):
            if revision in refs:
                return repo.commits[refs[revision]]
        for prefix, refs in (("refs/heads/", repo.branches), ("refs/tags/", repo.tags)):
            if revision.startswith(prefix) and revision[len(prefix) :] in refs:
                return repo.commits[refs[revision[len(prefix) :]]]
        if SHA_RE.match(revision) and revision in repo.commits:
            return repo.commits[revision]
        raise HubError(404, f"Invalid rev id: {revision}", "RevisionNotFound")

    def _add_commit(
        self,
        repo: Repo,
        branch: str | None,
        files: dict[str, Blob],
        title: str,
        message: str,
    ) -> Commit:
        parent = repo.branches.get(branch) if branch else None
        digest = hashlib.sha1()
        digest.update(json.dumps([parent, title, message, _now(), len(repo.commits)]).encode())
        for path in sorted(files):
            digest.update(f"{path}\0{files[path].oid}\n".encode())
        commit = Commit(
            sha=digest.hexdigest(),
            parents=(parent,) if parent else (),
            files=dict(files),
            title=title,
            message=message,
            author=self.users[0],
            date=_now(),
        )
        repo.commits[commit.sha] = commit
        if branch:
            repo.branches[branch] = commit.sha
        return commit

    def _create_repo(self, repo_type: str, repo_id: str, private: bool, sdk: str | None) -> Repo:
        repo = Repo(
            repo_type=repo_type,
            repo_id=repo_id,
            private=private,
            created_at=_now(),
            sdk=sdk,
        )
        files = {".gitattributes": make_blob(INITIAL_GITATTRIBUTES, lfs=False)}
        if repo_type == "space":
            readme = f"---\ntitle: {repo_id.split('/')[-1]}\nsdk: {sdk}\n---\n".encode()
            files["README.md"] = make_blob(readme, lfs=False)
        self._add_commit(repo, "main", files, "initial commit", "")
        self._repos[(repo_type, repo_id)] = repo
        return repo

    def _wants_lfs(self, path: str, size: int) -> bool:
        name = posixpath.basename(path)
        return size >= LFS_THRESHOLD_BYTES or any(
            fnmatch.fnmatch(name, pattern) for pattern in self.lfs_patterns
        )


def hub_env(endpoint: str, home: str, token: str) -> dict[str, str]:
    """Environment pointing `huggingface_hub` and `datasets` at `endpoint`, caches under `home`."""
    return {
        "HF_ENDPOINT": endpoint,
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_HUB_DISABLE_XET": "1",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "HF_HUB_DISABLE_UPDATE_CHECK": "1",
        "HF_HUB_OFFLINE": "0",
        "HF_HOME": home,
        "HF_HUB_CACHE": os.path.join(home, "hub"),
        "HF_DATASETS_CACHE": os.path.join(home, "datasets"),
        "HF_XET_CACHE": os.path.join(home, "xet"),
        "HF_TOKEN": token,
    }


def install_session_hub(home: str | None = None, **hub_kwargs: Any) -> HubDouble:
    """Start (or return the running) session double and export `hub_env` into `os.environ`.

    Raises:
        RuntimeError: `huggingface_hub` was already imported with another `HF_ENDPOINT`, so the
            clients of this process would talk to it instead of the double.
    """
    import sys

    hub = HubDouble.current()
    if hub is None:
        hub = HubDouble(**hub_kwargs)
        hub.start()
        HubDouble._current = hub
        home = home or tempfile.mkdtemp(prefix="hubdouble-home-")
        os.environ.update(hub_env(hub.endpoint, home, hub.token))
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None and constants.ENDPOINT != hub.endpoint:
        raise RuntimeError(
            f"huggingface_hub was imported with HF_ENDPOINT={constants.ENDPOINT!r} before the "
            "hub double started; start it from pytest_configure in tests/conftest.py "
            "(see tests/hubdouble.py)."
        )
    return hub


# --------------------------------------------------------------------------- HTTP layer
_API_REPO = re.compile(r"^/api/(models|datasets|spaces)/([^/]+/[^/]+)(?:/(.*))?$")
_RESOLVE = re.compile(r"^/(?:(datasets|spaces)/)?([^/]+/[^/]+)/resolve/([^/]+)/(.+)$")
_LFS_BATCH = re.compile(r"^/(?:(datasets|spaces)/)?([^/]+/[^/]+)\.git/info/lfs/objects/batch$")
_LFS_UPLOAD = re.compile(r"^/__lfs__/(model|dataset|space)/([^/]+/[^/]+)/([0-9a-f]{64})$")
_TYPE_FROM_PLURAL = {
    "models": "model",
    "datasets": "dataset",
    "spaces": "space",
    None: "model",
}


def _tree_entry(path: str, blob: Blob, commit: Commit | None) -> dict:
    entry: dict[str, Any] = {
        "type": "file",
        "oid": blob.oid,
        "size": blob.size,
        "path": path,
    }
    if blob.sha256 is not None:
        entry["lfs"] = {
            "oid": blob.sha256,
            "size": blob.size,
            "pointerSize": LFS_POINTER_SIZE,
        }
    if commit is not None:
        entry["lastCommit"] = {
            "id": commit.sha,
            "title": commit.title,
            "date": commit.date,
        }
    return entry


def _folder_entry(path: str, files: dict[str, Blob], commit: Commit | None) -> dict:
    digest = hashlib.sha1()
    for child in sorted(p for p in files if p.startswith(path + "/")):
        digest.update(f"{child}\0{files[child].oid}\n".encode())
    entry: dict[str, Any] = {
        "type": "directory",
        "oid": digest.hexdigest(),
        "size": 0,
        "path": path,
    }
    if commit is not None:
        entry["lastCommit"] = {
            "id": commit.sha,
            "title": commit.title,
            "date": commit.date,
        }
    return entry


def _folders(files: dict[str, Blob]) -> set[str]:
    folders = set()
    for path in files:
        parent = posixpath.dirname(path)
        while parent:
            folders.add(parent)
            parent = posixpath.dirname(parent)
    return folders


def _is_truthy(values: list[str] | None) -> bool:
    return bool(values) and values[0].lower() in ("1", "true", "yes")


class _HubHandler(BaseHTTPRequestHandler):
    hub: HubDouble
    protocol_version = "HTTP/1.1"
    server_version = "HubDouble/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("hubdouble: " + format, *args)

    # Every verb goes through one dispatcher so fault modes and logging apply uniformly.
    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    # ----------------------------------------------------------------- plumbing
    def _handle(self) -> None:
        hub = self.hub
        split = urlsplit(self.path)
        self.route_path = split.path
        self.query = parse_qs(split.query, keep_blank_values=True)
        with hub._lock:
            hub.requests.append((self.command, split.path))
        body = self._read_body()
        mode = hub.mode
        if mode == "refuse":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if mode == "slow":
            time.sleep(hub.slow_seconds)
            with hub._lock:
                hub.slow_replies += 1  # a client that timed out is gone by now
        if mode == "500":
            self._send_json(
                500,
                {"error": "Internal Error - We're working hard to fix this as soon as possible!"},
            )
            return
        try:
            self._route(body)
        except HubError as error:
            headers = dict(error.headers)
            if error.error_code:
                headers["X-Error-Code"] = error.error_code
            headers["X-Error-Message"] = error.message
            try:
                self._send_json(error.status, {"error": error.message, **error.extra}, headers)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client hung up first (e.g. a probe that gave up)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # a bug in the double must surface as a 500, not a hung client
            logger.exception("hubdouble: unhandled error on %s %s", self.command, self.path)
            self._send_json(500, {"error": f"HubDouble internal error: {exc!r}"})

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(
        self,
        status: int,
        body: bytes,
        headers: dict | None = None,
        content_length: int | None = None,
    ) -> None:
        self.send_response(status)
        merged = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        for name, value in merged.items():
            self.send_header(name, str(value))
        self.send_header(
            "Content-Length",
            str(len(body) if content_length is None else content_length),
        )
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status: int, payload: Any, headers: dict | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), headers)

    def _json(self, body: bytes) -> Any:
        if not body:
            return {}
        try:
            return json.loads(body)
        except ValueError as exc:
            raise HubError(400, f"Invalid JSON body: {exc}") from exc

    # ----------------------------------------------------------------- auth
    def _user(self) -> str | None:
        """The authenticated user, None if anonymous; a wrong token is a 401 as on the real Hub."""
        header = self.headers.get("Authorization")
        if not header:
            return None
        if header != f"Bearer {self.hub.token}":
            raise HubError(401, "Invalid credentials in Authorization header")
        return self.hub.users[0]

    def _require_user(self) -> str:
        user = self._user()
        if user is None:
            raise HubError(401, "You must be authenticated to access this resource")
        return user

    def _readable_repo(self, repo_type: str, repo_id: str) -> Repo:
        user = self._user()
        repo = self.hub._repos.get((repo_type, repo_id))
        if repo is None:
            raise HubError(404, "Repository not found", "RepoNotFound")
        if repo.private and user is None:
            raise HubError(401, "Invalid username or password.", "RepoNotFound")
        return repo

    def _writable_repo(self, repo_type: str, repo_id: str) -> Repo:
        self._require_user()
        repo = self._readable_repo(repo_type, repo_id)
        if repo_id.split("/")[0] not in self.hub.users:
            raise HubError(403, "You don't have the rights to write in this namespace")
        return repo

    # ----------------------------------------------------------------- routing
    def _route(self, body: bytes) -> None:
        path, method = self.route_path, self.command
        if path == "/api/whoami-v2" and method == "GET":
            return self._whoami()
        if path == "/api/repos/create" and method == "POST":
            return self._create_repo(self._json(body))
        if path == "/api/repos/delete" and method == "DELETE":
            return self._delete_repo(self._json(body))
        if path == "/api/validate-yaml" and method == "POST":
            return self._validate_yaml(self._json(body))
        if (match := _LFS_UPLOAD.match(path)) and method == "PUT":
            return self._lfs_upload(match.group(1), unquote(match.group(2)), match.group(3), body)
        if (match := _LFS_BATCH.match(path)) and method == "POST":
            repo_type = _TYPE_FROM_PLURAL[match.group(1)]
            return self._lfs_batch(repo_type, unquote(match.group(2)), self._json(body))
        if match := _API_REPO.match(path):
            repo_type = _TYPE_FROM_PLURAL[match.group(1)]
            repo_id = unquote(match.group(2))
            rest = match.group(3) or ""
            return self._route_api(method, repo_type, repo_id, rest, body)
        if (match := _RESOLVE.match(path)) and method in ("GET", "HEAD"):
            repo_type = _TYPE_FROM_PLURAL[match.group(1)]
            return self._resolve_file(
                repo_type,
                unquote(match.group(2)),
                unquote(match.group(3)),
                match.group(4),
            )
        raise HubError(404, f"HubDouble does not implement {method} {path}")

    def _route_api(self, method: str, repo_type: str, repo_id: str, rest: str, body: bytes) -> None:
        head, _, tail = rest.partition("/")
        with self.hub._lock:
            if rest == "" and method == "GET":
                return self._repo_info(repo_type, repo_id, "main")
            if head == "revision" and method == "GET":
                return self._repo_info(repo_type, repo_id, unquote(tail))
            if rest == "refs" and method == "GET":
                return self._list_refs(repo_type, repo_id)
            if head == "commits" and method == "GET":
                return self._list_commits(repo_type, repo_id, unquote(tail or "main"))
            if head == "tree" and method == "GET":
                revision, _, sub_path = tail.partition("/")
                return self._tree(
                    repo_type, repo_id, unquote(revision), unquote(sub_path).strip("/")
                )
            if head == "paths-info" and method == "POST":
                return self._paths_info(repo_type, repo_id, unquote(tail), body)
            if head == "preupload" and method == "POST":
                return self._preupload(repo_type, repo_id, unquote(tail), self._json(body))
            if head == "commit" and method == "POST":
                return self._commit(repo_type, repo_id, unquote(tail), body)
            if head == "tag" and method == "POST":
                return self._create_tag(repo_type, repo_id, unquote(tail), self._json(body))
            if head == "tag" and method == "DELETE":
                return self._delete_tag(repo_type, repo_id, unquote(tail))
            if head == "branch" and method == "POST":
                return self._create_branch(repo_type, repo_id, unquote(tail), self._json(body))
            if head == "branch" and method == "DELETE":
                return self._delete_branch(repo_type, repo_id, unquote(tail))
            if repo_type == "space" and rest in ("secrets", "variables"):
                return self._space_settings(repo_id, rest, method, self._json(body))
            if repo_type == "space" and rest == "runtime" and method == "GET":
                self._readable_repo(repo_type, repo_id)
                return self._send_json(200, _space_runtime())
        raise HubError(
            404,
            f"HubDouble does not implement {method} /api/{repo_type}s/{repo_id}/{rest}",
        )

    # ----------------------------------------------------------------- account & repos
    def _whoami(self) -> None:
        user = self._user()
        if user is None:
            raise HubError(401, "Invalid credentials in Authorization header")
        self._send_json(
            200,
            {
                "type": "user",
                "id": hashlib.sha1(user.encode()).hexdigest()[:24],
                "name": user,
                "fullname": user,
                "avatarUrl": "/avatars/default.svg",
                "email": f"{user}@example.invalid",
                "emailVerified": True,
                "isPro": False,
                "orgs": [],
                "auth": {
                    "type": "access_token",
                    "accessToken": {"displayName": "hubdouble", "role": "write"},
                },
            },
        )

    def _create_repo(self, payload: dict) -> None:
        user = self._require_user()
        repo_type = payload.get("type") or "model"
        if repo_type not in REPO_TYPES:
            raise HubError(400, f"Invalid repo type: {repo_type}")
        namespace = payload.get("organization") or user
        if namespace not in self.hub.users:
            raise HubError(
                403,
                f"You don't have the rights to create a repo under the namespace {namespace}",
            )
        name = payload.get("name") or ""
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}", name):
            raise HubError(400, f"Invalid repo name: {name!r}")
        sdk = payload.get("sdk")
        if repo_type == "space" and sdk not in SPACE_SDKS:
            raise HubError(400, f"Invalid sdk for a Space: {sdk!r}")
        private = payload.get("visibility", "public") != "public" or bool(payload.get("private"))
        repo_id = f"{namespace}/{name}"
        url = f"{self.hub.endpoint}/{URL_PREFIXES[repo_type]}{repo_id}"
        with self.hub._lock:
            if (repo_type, repo_id) in self.hub._repos:
                raise HubError(
                    409,
                    f"You already created this {repo_type} repo",
                    extra={"url": url},
                )
            repo = self.hub._create_repo(
                repo_type, repo_id, private, sdk if repo_type == "space" else None
            )
            for item in payload.get("secrets") or []:
                repo.secrets[item["key"]] = {
                    "value": item["value"],
                    "description": item.get("description"),
                }
            for item in payload.get("variables") or []:
                repo.variables[item["key"]] = {
                    "value": item["value"],
                    "description": item.get("description"),
                }
        self._send_json(
            200,
            {
                "url": url,
                "name": repo_id,
                "id": hashlib.sha1(url.encode()).hexdigest()[:24],
            },
        )

    def _delete_repo(self, payload: dict) -> None:
        user = self._require_user()
        repo_type = payload.get("type") or "model"
        repo_id = f"{payload.get('organization') or user}/{payload.get('name')}"
        with self.hub._lock:
            self._writable_repo(repo_type, repo_id)
            del self.hub._repos[(repo_type, repo_id)]
        self._send_json(200, {})

    def _validate_yaml(self, payload: dict) -> None:
        """Check the README front matter is a YAML mapping, as the Hub does before a commit."""
        import yaml

        match = re.match(r"^---\s*\n(.*?)\n---\s*(\n|$)", payload.get("content") or "", re.DOTALL)
        if match is not None:
            try:
                metadata = yaml.safe_load(match.group(1))
            except yaml.YAMLError as exc:
                return self._send_json(
                    400,
                    {"errors": [{"message": f"Invalid YAML: {exc}"}], "warnings": []},
                )
            if metadata is not None and not isinstance(metadata, dict):
                return self._send_json(
                    400,
                    {
                        "errors": [{"message": "Metadata must be a mapping"}],
                        "warnings": [],
                    },
                )
        self._send_json(200, {"errors": [], "warnings": []})

    def _repo_info(self, repo_type: str, repo_id: str, revision: str) -> None:
        repo = self._readable_repo(repo_type, repo_id)
        commit = self.hub._resolve(repo, revision)
        with_blobs = _is_truthy(self.query.get("blobs"))
        siblings = []
        for path in sorted(commit.files):
            blob = commit.files[path]
            sibling: dict[str, Any] = {"rfilename": path}
            if with_blobs:
                sibling.update(size=blob.size, blobId=blob.oid)
                if blob.sha256 is not None:
                    sibling["lfs"] = {
                        "size": blob.size,
                        "sha256": blob.sha256,
                        "pointerSize": LFS_POINTER_SIZE,
                    }
            siblings.append(sibling)
        info: dict[str, Any] = {
            "_id": hashlib.sha1(f"{repo_type}/{repo_id}".encode()).hexdigest()[:24],
            "id": repo_id,
            "author": repo_id.split("/")[0],
            "sha": commit.sha,
            "lastModified": commit.date,
            "createdAt": repo.created_at,
            "private": repo.private,
            "gated": False,
            "disabled": False,
            "likes": 0,
            "tags": [],
            "siblings": siblings,
            "usedStorage": sum(blob.size for blob in commit.files.values()),
        }
        if repo_type != "space":
            info["downloads"] = 0
        if repo_type == "model":
            info["library_name"] = None
        if repo_type == "space":
            info.update(
                sdk=repo.sdk,
                subdomain=repo_id.replace("/", "-").lower(),
                runtime=_space_runtime(),
            )
        self._send_json(200, info)

    def _list_refs(self, repo_type: str, repo_id: str) -> None:
        repo = self._readable_repo(repo_type, repo_id)

        def refs(names: dict[str, str], prefix: str) -> list[dict]:
            return [
                {"name": n, "ref": f"{prefix}{n}", "targetCommit": sha}
                for n, sha in sorted(names.items())
            ]

        payload = {
            "branches": refs(repo.branches, "refs/heads/"),
            "converts": [],
            "tags": refs(repo.tags, "refs/tags/"),
        }
        if _is_truthy(self.query.get("include_prs")):
            payload["pullRequests"] = []
        self._send_json(200, payload)

    def _list_commits(self, repo_type: str, repo_id: str, revision: str) -> None:
        repo = self._readable_repo(repo_type, repo_id)
        commit: Commit | None = self.hub._resolve(repo, revision)
        history = []
        while commit is not None:
            history.append(
                {
                    "id": commit.sha,
                    "title": commit.title,
                    "message": commit.message,
                    "authors": [{"user": commit.author, "avatar": ""}],
                    "date": commit.date,
                }
            )
            commit = repo.commits[commit.parents[0]] if commit.parents else None
        self._send_paginated(history)

    # ----------------------------------------------------------------- tree & paths-info
    def _tree(self, repo_type: str, repo_id: str, revision: str, sub_path: str) -> None:
        repo = self._readable_repo(repo_type, repo_id)
        commit = self.hub._resolve(repo, revision)
        files, folders = commit.files, _folders(commit.files)
        if sub_path and sub_path not in folders:
            message = f"{sub_path} does not exist on {revision}"
            raise HubError(404, message, "EntryNotFound", {"X-Repo-Commit": commit.sha})
        recursive = _is_truthy(self.query.get("recursive"))
        expand = _is_truthy(self.query.get("expand"))
        prefix = f"{sub_path}/" if sub_path else ""
        last_commit = commit if expand else None

        def listed(path: str) -> bool:
            return path.startswith(prefix) and (recursive or "/" not in path[len(prefix) :])

        entries = [_folder_entry(p, files, last_commit) for p in sorted(folders) if listed(p)]
        entries += [_tree_entry(p, files[p], last_commit) for p in sorted(files) if listed(p)]
        entries.sort(key=lambda entry: entry["path"])
        self._send_paginated(entries, page_size=min(self.hub.page_size, 50) if expand else None)

    def _send_paginated(self, items: list, page_size: int | None = None) -> None:
        """One page of `items`, with a GitHub-style `Link: <...>; rel="next"` header if more."""
        page_size = page_size or self.hub.page_size
        start = int((self.query.get("cursor") or ["0"])[0])
        page = items[start : start + page_size]
        headers = {}
        if start + page_size < len(items):
            query = {key: values[0] for key, values in self.query.items()}
            query["cursor"] = str(start + page_size)
            headers["Link"] = (
                f'<{self.hub.endpoint}{self.route_path}?{urlencode(query)}>; rel="next"'
            )
        self._send_json(200, page, headers)

    def _paths_info(self, repo_type: str, repo_id: str, revision: str, body: bytes) -> None:
        repo = self._readable_repo(repo_type, repo_id)
        commit = self.hub._resolve(repo, revision)
        if self.headers.get("Content-Type", "").startswith("application/json"):
            payload = self._json(body)
            paths, expand = payload.get("paths") or [], bool(payload.get("expand"))
        else:
            form = parse_qs(body.decode(), keep_blank_values=True)
            paths, expand = form.get("paths", []), _is_truthy(form.get("expand"))
        if isinstance(paths, str):
            paths = [paths]
        folders = _folders(commit.files)
        last_commit = commit if expand else None
        entries = []
        for path in paths:
            path = path.strip("/")
            if path in commit.files:
                entries.append(_tree_entry(path, commit.files[path], last_commit))
            elif path in folders:
                entries.append(_folder_entry(path, commit.files, last_commit))
        self._send_json(200, entries)

    # ----------------------------------------------------------------- uploads
    def _preupload(self, repo_type: str, repo_id: str, revision: str, payload: dict) -> None:
        repo = self._writable_repo(repo_type, repo_id)
        commit = self.hub._resolve(repo, revision)
        files = []
        for item in payload.get("files", []):
            path, size = item["path"], int(item.get("size", 0))
            lfs = self.hub._wants_lfs(path, size)
            existing = commit.files.get(path)
            oid = None
            if existing is not None:
                oid = existing.sha256 if existing.is_lfs else existing.oid
            files.append(
                {
                    "path": path,
                    "uploadMode": "lfs" if lfs else "regular",
                    "shouldIgnore": False,
                    "oid": oid,
                }
            )
        self._send_json(200, {"files": files, "commitOid": commit.sha})

    def _lfs_batch(self, repo_type: str, repo_id: str, payload: dict) -> None:
        with self.hub._lock:
            repo = self._writable_repo(repo_type, repo_id)
            objects = []
            for item in payload.get("objects", []):
                oid, size = item["oid"], int(item["size"])
                answer: dict[str, Any] = {
                    "oid": oid,
                    "size": size,
                    "authenticated": True,
                }
                if oid not in repo.lfs_objects:
                    href = f"{self.hub.endpoint}/__lfs__/{repo_type}/{quote(repo_id)}/{oid}"
                    answer["actions"] = {"upload": {"href": href, "header": {}}}
                objects.append(answer)
        self._send(
            200,
            json.dumps({"transfer": "basic", "objects": objects, "hash_algo": "sha256"}).encode(),
            {"Content-Type": "application/vnd.git-lfs+json"},
        )

    def _lfs_upload(self, repo_type: str, repo_id: str, oid: str, body: bytes) -> None:
        # Like a pre-signed storage URL, the upload href needs no Authorization header.
        if hashlib.sha256(body).hexdigest() != oid:
            raise HubError(400, f"Uploaded content does not match sha256 {oid}")
        with self.hub._lock:
            self.hub._repo(repo_type, repo_id).lfs_objects[oid] = body
        self._send(200, b"", {"ETag": f'"{oid}"'})

    def _commit(self, repo_type: str, repo_id: str, revision: str, body: bytes) -> None:
        repo = self._writable_repo(repo_type, repo_id)
        if _is_truthy(self.query.get("create_pr")):
            raise HubError(400, "HubDouble does not implement pull requests (create_pr)")
        revision = revision.removeprefix("refs/heads/")
        if revision not in repo.branches:
            if revision in repo.tags or SHA_RE.match(revision):
                raise HubError(400, f"Can only commit to a branch, not to {revision}")
            raise HubError(404, f"Invalid rev id: {revision}", "RevisionNotFound")
        head = repo.commits[repo.branches[revision]]
        files = dict(head.files)
        header: dict = {}
        for line in body.splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            key, value = item["key"], item["value"]
            if key == "header":
                header = value
            elif key == "file":
                data = (
                    base64.b64decode(value["content"])
                    if value.get("encoding") == "base64"
                    else value["content"]
                )
                data = data.encode() if isinstance(data, str) else data
                files[value["path"]] = make_blob(data, lfs=False)
            elif key == "lfsFile":
                data = repo.lfs_objects.get(value["oid"])
                if data is None:
                    raise HubError(
                        400,
                        f"LFS object {value['oid']} for {value['path']} was never uploaded",
                    )
                files[value["path"]] = make_blob(data, lfs=True)
            elif key == "deletedFile":
                if value["path"] not in files:
                    raise HubError(404, f"File {value['path']} does not exist", "EntryNotFound")
                del files[value["path"]]
            elif key == "deletedFolder":
                folder = value["path"].rstrip("/") + "/"
                files = {path: blob for path, blob in files.items() if not path.startswith(folder)}
            else:
                raise HubError(400, f"Unknown commit operation {key!r}")
        parent = header.get("parentCommit")
        if parent and parent != head.sha:
            raise HubError(
                412,
                f"A commit has happened since {parent}. Please refresh and try again.",
            )
        commit = self.hub._add_commit(
            repo,
            revision,
            files,
            header.get("summary") or "Upload files",
            header.get("description") or "",
        )
        url = f"{self.hub.endpoint}/{URL_PREFIXES[repo_type]}{repo_id}/commit/{commit.sha}"
        self._send_json(
            200,
            {
                "success": True,
                "commitOid": commit.sha,
                "commitUrl": url,
                "hookOutput": "",
            },
        )

    # ----------------------------------------------------------------- refs
    def _create_tag(self, repo_type: str, repo_id: str, revision: str, payload: dict) -> None:
        repo = self._writable_repo(repo_type, repo_id)
        commit = self.hub._resolve(repo, revision)
        tag = payload.get("tag") or ""
        if not tag:
            raise HubError(400, "Missing tag name")
        if tag in repo.tags:
            raise HubError(409, f"Tag {tag} already exists")
        repo.tags[tag] = commit.sha
        self._send_json(200, {})

    def _delete_tag(self, repo_type: str, repo_id: str, tag: str) -> None:
        repo = self._writable_repo(repo_type, repo_id)
        if repo.tags.pop(tag, None) is None:
            raise HubError(404, f"Tag {tag} does not exist", "RevisionNotFound")
        self._send_json(200, {})

    def _create_branch(self, repo_type: str, repo_id: str, branch: str, payload: dict) -> None:
        repo = self._writable_repo(repo_type, repo_id)
        if branch in repo.branches:
            raise HubError(409, f"Reference refs/heads/{branch} already exists")
        commit = self.hub._resolve(repo, payload.get("startingPoint") or "main")
        repo.branches[branch] = commit.sha
        self._send_json(200, {})

    def _delete_branch(self, repo_type: str, repo_id: str, branch: str) -> None:
        repo = self._writable_repo(repo_type, repo_id)
        if branch == "main":
            raise HubError(403, "Cannot delete the default branch")
        if repo.branches.pop(branch, None) is None:
            raise HubError(404, f"Branch {branch} does not exist", "RevisionNotFound")
        self._send_json(200, {})

    # ----------------------------------------------------------------- spaces
    def _space_settings(self, repo_id: str, kind: str, method: str, payload: dict) -> None:
        repo = self._writable_repo("space", repo_id)
        store = repo.secrets if kind == "secrets" else repo.variables
        if method == "POST":
            store[payload["key"]] = {
                "value": payload["value"],
                "description": payload.get("description"),
                "updatedAt": _now(),
            }
        elif method == "DELETE":
            store.pop(payload.get("key"), None)
        elif method != "GET" or kind == "secrets":
            raise HubError(405, f"{method} not allowed on Space {kind}")
        if kind == "secrets":  # secret values are write-only on the real Hub
            return self._send_json(200, {})
        self._send_json(200, {key: dict(item) for key, item in store.items()})

    # ----------------------------------------------------------------- downloads
    def _resolve_file(self, repo_type: str, repo_id: str, revision: str, raw_path: str) -> None:
        with self.hub._lock:
            repo = self._readable_repo(repo_type, repo_id)
            commit = self.hub._resolve(repo, revision)
            path = unquote(raw_path)
            blob = commit.files.get(path)
        headers = {"X-Repo-Commit": commit.sha, "Accept-Ranges": "bytes"}
        if blob is None:
            raise HubError(404, f"Entry not found: {path}", "EntryNotFound", headers)
        if blob.is_lfs:
            headers.update(
                {
                    "ETag": f'"{blob.sha256}"',
                    "X-Linked-Etag": f'"{blob.sha256}"',
                    "X-Linked-Size": blob.size,
                }
            )
        else:
            headers["ETag"] = f'"{blob.oid}"'
        headers["Content-Type"] = "application/octet-stream"
        data = blob.data
        range_header = self.headers.get("Range")
        if not range_header:
            return self._send(200, data, headers)
        span = _parse_range(range_header, len(data))
        if span is None:
            headers["Content-Range"] = f"bytes */{len(data)}"
            return self._send(416, b"", headers)
        start, end = span
        headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
        self._send(206, data[start : end + 1], headers)


def _parse_range(header: str, total: int) -> tuple[int, int] | None:
    """Inclusive byte span of a single-range `bytes=` header, None when it cannot be satisfied."""
    match = re.fullmatch(r"\s*bytes=(\d*)-(\d*)\s*", header)
    if match is None or (not match.group(1) and not match.group(2)):
        return None
    if not match.group(1):
        suffix = int(match.group(2))
        return (max(total - suffix, 0), total - 1) if suffix and total else None
    start = int(match.group(1))
    end = min(int(match.group(2)), total - 1) if match.group(2) else total - 1
    return (start, end) if start < total and start <= end else None


def _space_runtime() -> dict:
    return {
        "stage": "RUNNING",
        "hardware": {"current": "cpu-basic", "requested": "cpu-basic"},
        "storage": None,
        "gcTimeout": 172800,
        "replicas": {"current": 1, "requested": 1},
        "devMode": False,
        "domains": [],
    }


__all__ = [
    "MODES",
    "HubDouble",
    "HubError",
    "free_port",
    "hub_env",
    "install_session_hub",
    "make_blob",
]

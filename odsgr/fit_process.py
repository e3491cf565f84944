"""Fit a pipeline in a forked child process, so that a server keeps answering while a model trains.

A fit in a thread of the app's process holds the GIL through the Python text analyzer and lets
BLAS take every core, so every ``/predict`` that arrives meanwhile waits. Here the process forks:
the child already has every module and the training data in memory (a fresh interpreter would
first spend seconds importing scikit-learn), fits with one BLAS/OpenMP thread (one core stays
free), sends the pickled pipeline through a pipe and leaves with ``os._exit``; the parent waits
on the pipe and in ``waitpid``, which release the GIL. The child runs nothing but the fit and the
pipe — no logging, no files, no network — which keeps the hazard of forking a multi-threaded
process (a lock another thread held at the fork) to the interpreter's own locks, which CPython
resets in the child. Where ``os.fork`` does not exist the fit runs in the calling thread.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Sequence

from sklearn.pipeline import Pipeline

from odsgr import model

__all__ = ["fit"]


def fit(
    texts: Sequence[str], labels: Sequence[int], candidate: str = model.DEFAULT_CANDIDATE
) -> Pipeline:
    """:func:`odsgr.model.fit` in a forked child process with one BLAS thread.

    Raises:
        RuntimeError: the child failed (its traceback went to stderr).
    """
    if not hasattr(os, "fork"):
        return _fit_one_thread(texts, labels, candidate)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: fit, send, leave without running the parent's clean-ups
        os.close(read_end)
        code = 1
        try:
            payload = pickle.dumps(
                _fit_one_thread(texts, labels, candidate), protocol=pickle.HIGHEST_PROTOCOL
            )
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            code = 0
        except BaseException:  # noqa: BLE001 (reported on stderr, then the exit code)
            traceback.print_exc(file=sys.stderr)
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"Fitting in a child process failed (exit code {code}).")
    # Bytes our own forked child wrote to a pipe only the two of us hold: nothing else can
    # have put them there, so no checksum is needed (unlike a file on disk).
    return pickle.loads(payload)  # noqa: S301


def _fit_one_thread(texts: Sequence[str], labels: Sequence[int], candidate: str) -> Pipeline:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return model.fit(texts, labels, candidate)

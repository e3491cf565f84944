"""Fit a pipeline in a forked child process, so that a server keeps answering while a model trains.

A fit in a thread of the app's process holds the GIL through the Python text analyzer and lets
BLAS take every core, so every ``/predict`` that arrives meanwhile waits. Here the process forks:
the child already has every module and the training data in memory (a fresh interpreter would
first spend seconds importing scikit-learn), fits with one BLAS/OpenMP thread (one core stays
free), pickles the pipeline into a private temporary folder and leaves with ``os._exit``; the
parent waits in ``waitpid``, which releases the GIL. The child touches nothing but the fit and
its output file, so the usual hazard of forking a multi-threaded process (a lock held by another
thread) does not arise. Where ``os.fork`` does not exist the fit runs in the calling thread.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

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
    with tempfile.TemporaryDirectory(prefix="odsgr-fit-") as folder:
        result = Path(folder) / "pipeline.pkl"
        pid = os.fork()
        if pid == 0:  # the child: fit, write, leave without running the parent's clean-ups
            code = 1
            try:
                pipeline = _fit_one_thread(texts, labels, candidate)
                with result.open("wb") as handle:
                    pickle.dump(pipeline, handle, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            except BaseException:  # noqa: BLE001 (reported on stderr, then the exit code)
                traceback.print_exc(file=sys.stderr)
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise RuntimeError(f"Fitting in a child process failed (exit code {code}).")
        with result.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 (written by our child in our private folder)


def _fit_one_thread(texts: Sequence[str], labels: Sequence[int], candidate: str) -> Pipeline:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return model.fit(texts, labels, candidate)

"""Work the build does beside rendering: one job in a forked worker process, or in-process.

`mkdocs build` renders pages on one core; the site's checks need none of that. With `fork`
available and more than one core, the job runs in a worker process started before the pages
render and is joined once they are written; otherwise it runs in the build's process when its
result is first needed. `mode` is the hook's `background` setting: auto, on or off.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")


# Below this many pages a worker's start costs about what it saves, and on a loaded machine more
# (README, Performance: `make bench --load 2`).
WORKER_FROM_PAGES = 20


def worker_pays(mode: str, pages: int = WORKER_FROM_PAGES) -> bool:
    """Whether to run beside the build: `on`, or `auto` with fork, a second core and enough pages."""
    if mode == "off" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    return mode == "on" or ((os.cpu_count() or 1) > 1 and pages >= WORKER_FROM_PAGES)


class Job(Generic[T]):
    """`work()` started now in a worker, or run later in-process; `result()` either way.

    `work` goes to the worker pickled: a module-level function, or a functools.partial of one
    with picklable arguments. A failure in the worker is raised by `result()` with the worker's
    traceback as its cause.
    """

    def __init__(self, work: Callable[[], T], *, beside: bool) -> None:
        self._work = work
        self._executor: ProcessPoolExecutor | None = None
        self._future: Future[T] | None = None
        if beside:
            self._executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            self._future = self._executor.submit(_call, work)

    def result(self) -> T:
        if self._future is None:
            self._future = Future()
            self._future.set_result(self._work())
        try:
            return self._future.result()
        finally:
            self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def _call(work: Callable[[], T]) -> T:
    return work()

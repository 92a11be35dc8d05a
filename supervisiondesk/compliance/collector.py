"""Pause Python's cyclic garbage collector while millions of rows are made.

Every tuple, dataclass and list entry made while loading or indexing the
national dataset counts towards the collector's next pass, and those passes
walk everything already loaded: at national scale they cost 8-9 s of a 33 s
database load, 6 s of reading a folder and 3 s of the report
(benchmarks/README.md), while these steps make no reference cycles for the
collector to find. Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def without_collector[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """`function` runs with the collector paused (see `collector_paused`)."""

    @wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return function(*args, **kwargs)

    return paused

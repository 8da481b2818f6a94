"""Retry of whole transactions that failed with a transient error, built on tenacity.

Only ``TransientError`` is retried: infrastructure raises it for failures that happened before
a commit could take effect, so running the whole transaction again is safe. Waits grow
exponentially with full jitter, and the number of attempts is bounded.
"""

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from ..application.errors import TransientError

T = TypeVar("T")


class TransientErrorRetry:
    def __init__(self, *, attempts: int, initial_wait: float, max_wait: float) -> None:
        self._attempts = attempts
        self._initial_wait = initial_wait
        self._max_wait = max_wait

    async def __call__(self, attempt: Callable[[], Awaitable[T]]) -> T:
        try:
            return await attempt()  # most transactions pass at once: no retry machinery for them
        except TransientError:
            if self._attempts == 1:
                raise
        await asyncio.sleep(random.uniform(0, min(self._initial_wait, self._max_wait)))
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(TransientError),
            stop=stop_after_attempt(self._attempts - 1),
            # Doubled: the exponential sequence goes on from the wait above.
            wait=wait_random_exponential(multiplier=2 * self._initial_wait, max=self._max_wait),
            reraise=True,
        )

        # tenacity awaits only what it recognises as a coroutine function; a plain callable that
        # returns an awaitable would come back un-awaited, so this wrapper always awaits.
        async def run() -> T:
            return await attempt()

        return await retrying(run)

"""Whether an optional service (Redis, a read replica) answered last time, and when to try it
again: after a failure it is not tried for `retry_after` seconds, so a service that is down is
not paid for on every request; then one caller tries it, and if it answers, every caller uses it
again. Going down and coming back are logged once each per process."""

import logging
import threading
import time

logger = logging.getLogger(__name__)


class Reachability:
    """One service, in this process: shared by every thread."""

    def __init__(self, what: str, retry_after: float, meanwhile: str) -> None:
        self.what = what  # "Redis at 127.0.0.1:6379", for the log
        self.retry_after = retry_after
        self.meanwhile = meanwhile  # what the process does without it, for the log
        self.down = False
        self.retry_at = 0.0
        self.lock = threading.Lock()

    def may_try(self) -> bool:
        with self.lock:
            if not self.down:
                return True
            now = time.monotonic()
            if now < self.retry_at:
                return False
            self.retry_at = now + self.retry_after  # this call tries; the others wait for it
            return True

    def failed(self, error: object) -> None:
        with self.lock:
            self.retry_at = time.monotonic() + self.retry_after
            if self.down:
                return
            self.down = True
        logger.warning(
            "%s cannot be used (%s): %s; tried again every %g s.",
            self.what,
            f"{type(error).__name__}: {error}" if isinstance(error, Exception) else error,
            self.meanwhile,
            self.retry_after,
        )

    def answered(self) -> None:
        if not self.down:
            return
        with self.lock:
            self.down = False
        logger.info("%s answers again, and is used again.", self.what)

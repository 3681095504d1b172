"""The image's gunicorn worker: the sync worker, with a deadline on every read and write of a
client's socket.

A sync worker serves one connection at a time, so a client that sends its request or reads
the answer slowly holds the whole worker: two anonymous readers of a CSV export at 512 bytes a
second left a third client with no answer. Here a socket operation that makes no progress
within CLIENT_IO_TIMEOUT seconds (10 by default) ends the connection, as a buffering proxy's
send timeout would: a client must read (or send) a block of the answer within that time, or
it is disconnected and the worker goes back to serving others. The application's own
deadline (REQUEST_TIMEOUT) still bounds the time a request may compute.
"""

import logging
import os

from gunicorn.workers.sync import SyncWorker

CLIENT_IO_TIMEOUT = float(os.environ.get("CLIENT_IO_TIMEOUT") or 10)


class SlowClientLog(logging.Filter):
    """One line, not a traceback, for a connection dropped at the socket deadline."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], TimeoutError):
            record.msg = "Closed a connection that sent or read nothing for %g s."
            record.args = (CLIENT_IO_TIMEOUT,)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class DeadlineSyncWorker(SyncWorker):
    """gunicorn's sync worker whose client sockets time out after CLIENT_IO_TIMEOUT seconds
    without progress."""

    def init_process(self) -> None:
        self.log.error_log.addFilter(SlowClientLog())
        super().init_process()

    def handle(self, listener, client, addr) -> None:
        if CLIENT_IO_TIMEOUT > 0:
            client.settimeout(CLIENT_IO_TIMEOUT)
        super().handle(listener, client, addr)

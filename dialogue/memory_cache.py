"""A process's memory cache bounded in bytes as well as in entries.

Django's LocMemCache bounds only the number of entries: the response cache's 500 entries of up
to 1 MiB each allowed 500 MiB a worker, and anonymous requests for distinct large pages grew
each worker by that much. This one also keeps the total size of what it holds (the pickled
values, as stored) under `OPTIONS["TOTAL_BYTES"]`, dropping the least recently used entries
first; a value larger than the whole bound is not kept.
"""

import threading
from collections import OrderedDict
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

# The size of each stored entry, by cache name (LocMemCache shares its storage by name).
_sizes: dict[str, dict[str, int]] = {}
_sizes_lock = threading.Lock()

DEFAULT_TOTAL_BYTES = 32 * 1024 * 1024


class BoundedLocMemCache(LocMemCache):
    """LocMemCache holding at most TOTAL_BYTES of pickled values; least recently used dropped."""

    # LocMemCache's storage (shared by name), which the stubs leave out.
    _cache: OrderedDict[str, bytes]
    _expire_info: dict[str, float | None]
    _lock: threading.Lock

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("TOTAL_BYTES", DEFAULT_TOTAL_BYTES))
        with _sizes_lock:
            self._sizes = _sizes.setdefault(name, {})

    @property
    def total_bytes(self) -> int:
        """The bytes of the values held now."""
        with self._lock:
            return sum(self._sizes.values())

    # LocMemCache calls these with its lock held.

    def _set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> None:
        size = len(value)
        self._delete(key)
        if size > self._max_bytes:
            return
        super()._set(key, value, timeout)  # type: ignore[misc]
        self._sizes[key] = size
        total = sum(self._sizes.values())
        # Most recently used first (LocMemCache moves a read or written key to the front).
        while total > self._max_bytes:
            oldest, _ = self._cache.popitem()
            self._expire_info.pop(oldest, None)
            total -= self._sizes.pop(oldest, 0)

    def _cull(self) -> None:
        super()._cull()  # type: ignore[misc]
        for key in set(self._sizes) - set(self._cache):
            del self._sizes[key]

    def _delete(self, key: str) -> bool:
        self._sizes.pop(key, None)
        return super()._delete(key)  # type: ignore[misc]

    def incr(self, key: str, delta: int = 1, version: Any = None) -> Any:
        value = super().incr(key, delta, version)
        with self._lock:
            stored = self.make_and_validate_key(key, version=version)
            if stored in self._cache:
                self._sizes[stored] = len(self._cache[stored])
        return value

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._sizes.clear()

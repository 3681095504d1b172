"""The registry's models, split by sub-domain."""

from .actors import *  # noqa: F403
from .base import *  # noqa: F403
from .documents import *  # noqa: F403
from .geography import *  # noqa: F403
from .ingestion import *  # noqa: F403
from .mechanisms import *  # noqa: F403
from .requests import *  # noqa: F403
from .sources import *  # noqa: F403
from .topics import *  # noqa: F403
from .versions import *  # noqa: F403

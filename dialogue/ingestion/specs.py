"""What reading a release yields, shared by its stages: the text's sentences, the people it
mentions, and the drafts it proposes (`Spec`)."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Spec:
    """A draft before it is saved: `fields` may refer to other specs as {"draft": key}."""

    key: str
    type: str
    fields: dict[str, Any]
    citations: list[dict[str, Any]] = field(default_factory=list)
    confidence: float = 0.5
    target: int | None = None
    target_version: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Sentence:
    index: int
    paragraph: int
    text: str


@dataclass
class PersonMention:
    name: str
    role: str
    start: int
    end: int
    country: str | None = None

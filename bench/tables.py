"""The Markdown tables the benchmarks print and write into RESULTS.md."""

from collections.abc import Iterable, Sequence


def markdown(columns: Sequence[str], align: str, rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table: `align` has one letter a column, `l` or `r` (numbers, right)."""
    rule = {"l": "---", "r": "---:"}
    lines = [
        "| " + " | ".join(columns) + " |",
        "|" + "|".join(rule[letter] for letter in align) + "|",
    ]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def met(ok: bool) -> str:
    return "met" if ok else "missed"


def targets(rows: Iterable[dict]) -> str:
    """The issue's targets: one row each, with what was measured and whether it was met."""
    return markdown(
        ["target", "measurement", "measured", "goal", ""],
        "llrll",
        [
            (
                row["target"],
                row["name"],
                row["measured"],
                row["goal"],
                "met" if row["met"] else "**missed**",
            )
            for row in rows
        ],
    )

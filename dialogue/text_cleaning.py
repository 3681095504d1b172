"""Clean the text of a scraped web page (a ministry's press release) for the registry.

A page copied from a ministry's site carries debris around the text it publishes: the
publication date and time glued together on the first line ("30 July 201811:05"), the
language switcher ("• en-GB1 ru-RU1") and page chrome such as an "Advanced settings" footer.
`clean_scraped_text` drops that debris, strips trailing whitespace (including non-breaking
spaces) from every line and separates paragraphs by exactly one blank line. Every other
character of the body, such as curly apostrophes (’) and en dashes (–), is kept as it is, so
that citations can quote the cleaned text word for word.
"""

import re

__all__ = ("clean_scraped_text",)

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)

# A line that is only a date and a time, in either order of day and month, the year and the
# time possibly glued together: "30 July 201811:05", "July 30, 2018 11:05", "30.07.2018 11:05".
_DATE_TIME_LINE = re.compile(
    rf"""
    ^(?:
        \d{{1,2}}\s+{_MONTHS}\s*,?\s*\d{{4}}          # 30 July 2018
      | {_MONTHS}\s+\d{{1,2}}\s*,?\s*\d{{4}}          # July 30, 2018
      | \d{{1,2}}[./-]\d{{1,2}}[./-]\d{{4}}           # 30.07.2018
      | \d{{4}}-\d{{2}}-\d{{2}}                       # 2018-07-30
    )
    \s*,?\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?$      # 11:05, glued on or not
    """,
    re.IGNORECASE | re.VERBOSE,
)

# A language switcher: language tags such as "en-GB" or "ru", each perhaps followed by a count
# of versions ("en-GB1") and perhaps led by bullets or separated by bars.
_LANGUAGE_SWITCHER_LINE = re.compile(
    r"^[•·|/\-\s]*(?:[a-z]{2}(?:-[A-Z]{2})?\d*[\s•·|/,]*)+$",
)

# Page chrome that is never part of a publication's text.
_CHROME_LINE = re.compile(
    r"^(?:Advanced settings|Advanced search|Print(?: version)?|Share|Back to list"
    r"|Go to top|Top of page|Subscribe)$",
    re.IGNORECASE,
)

# Whitespace, including the non-breaking and zero-width spaces a web page leaves behind.
_TRAILING_SPACE = re.compile(r"[\s\u00a0\u200b\ufeff]+$")
_LEADING_BOM = re.compile(r"^\ufeff")


def _is_language_switcher(line: str) -> bool:
    """Whether a line is only a list of language tags (at least one with a region or count)."""
    if not _LANGUAGE_SWITCHER_LINE.match(line):
        return False
    # A bare word such as "to" must not pass for a switcher: demand a tag like en-GB or en1.
    return re.search(r"[a-z]{2}(?:-[A-Z]{2}\d*|\d+)", line) is not None


def clean_scraped_text(raw: str) -> str:
    """Return the publication's text from a scraped page, without the page's debris.

    The rules, in order:

    * line endings are normalised and each line loses its trailing whitespace;
    * date-and-time lines before the first line of text (the title) are dropped;
    * language-switcher lines and page-chrome lines ("Advanced settings") are dropped
      wherever they stand;
    * leading and trailing blank lines go, and each run of blank lines becomes a single
      blank line, so paragraphs are separated by exactly one blank line.

    The title stays as the first paragraph; every other character is kept as it is.
    """
    text = _LEADING_BOM.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    kept: list[str] = []
    for raw_line in text.split("\n"):
        line = _TRAILING_SPACE.sub("", raw_line)
        stripped = line.strip()
        at_start = not any(kept_line for kept_line in kept)
        if at_start and _DATE_TIME_LINE.match(stripped):
            continue
        if stripped and (_is_language_switcher(stripped) or _CHROME_LINE.match(stripped)):
            continue
        kept.append(line if stripped else "")

    paragraphs: list[str] = []
    current: list[str] = []
    for line in kept:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)

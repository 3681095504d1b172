"""What a web process loads once it starts, before its first request: the modules of every
URL, and the reader's patterns, country names and gazetteer (issue 24, target 8).

Left to the first request, these cost it about 2 s (the URL configuration's imports 1 s, the
first drafts request's regular expressions, pycountry and the gazetteer index another 1 s), a
delay every worker would show to one user after each start. Nothing here reads the registry's
database, so a process starts while the database is down, and answers 503 until it is back.
"""

from django.urls import get_resolver

# A sentence with a date, countries, a city, titles and a mechanism: reading it compiles the
# patterns the reader uses on any release.
SAMPLE = (
    "On Tuesday, 3 March 2020, Foreign Minister Sergey Lavrov of Russia held talks in Moscow "
    "with the Minister for Foreign Affairs of Japan, who co-chaired the fifth meeting of the "
    "Intergovernmental Commission on Trade and Economic Issues."
)


def warm_up() -> None:
    """Import every view the URLs name and read a sample sentence with the registry-free
    lexicon."""
    from .ingestion.extract import extract
    from .ingestion.lexicon import countries_only

    get_resolver().url_patterns  # noqa: B018 (the property imports the URL modules)
    extract(text=SAMPLE, language="en", published=None, lexicon=countries_only())

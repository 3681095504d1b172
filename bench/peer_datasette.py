"""Datasette serving the file PEER_DATABASE names, as `datasette serve FILE` does, for gunicorn's
uvicorn workers (bench/peer.py runs it in Datasette's own venv, never the project's)."""

import os

from datasette.app import Datasette

app = Datasette(files=[os.environ["PEER_DATABASE"]]).app()

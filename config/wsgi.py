"""WSGI entry point; gunicorn serves `config.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Each worker loads its views and the reader now, so its first request is as fast as the next.
from dialogue.startup import warm_up  # noqa: E402 (after Django is set up)

warm_up()

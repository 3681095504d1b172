"""`runserver` for a developer's own machine: with DEBUG on it serves the loopback address only.

An app of its own, listed before whitenoise's in INSTALLED_APPS, as the first app's command of
a name is the one `manage.py` runs; it holds nothing but the command.
"""

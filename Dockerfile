# Production image: gunicorn, a non-root user, static files served by whitenoise.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    WEB_CONCURRENCY=3 \
    REQUEST_TIMEOUT=20

WORKDIR /app
# The dependencies at the versions and hashes of the lock (`make lock` refreshes it), in a layer
# of their own; then the project alone, and `pip check` that nothing it requires is missing.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY config ./config
COPY dialogue ./dialogue
RUN pip install --no-cache-dir --no-deps . \
    && pip check \
    && useradd --system --uid 10001 --home-dir /app registry

COPY manage.py ./
COPY fixtures ./fixtures
# No secret key or host exists at build time, and the production settings refuse to load
# without real ones; config.settings.build loads for collectstatic and the gazetteer's index
# (var/gazetteer.sqlite3: built here, so no worker reads GeoNames' file on its first request).
RUN DJANGO_SETTINGS_MODULE=config.settings.build python manage.py collectstatic --noinput
# hadolint ignore=DL3059
RUN DJANGO_SETTINGS_MODULE=config.settings.build python manage.py gazetteer_index

USER 10001
EXPOSE 8000
# /healthz answers any Host over plain HTTP (dialogue.middleware.HealthCheckMiddleware), so this
# probe passes under the production settings whatever ALLOWED_HOSTS and SECURE_SSL_REDIRECT say.
HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"]
# Start: the database cache's table when there is no REDIS_URL (createcachetable does nothing
# when it exists, or with Redis), then gunicorn, taking its worker count from WEB_CONCURRENCY.
# Sync workers whose client sockets time out after CLIENT_IO_TIMEOUT seconds without progress
# (config/gunicorn.py), so a slow reader cannot hold a worker. The application answers 503 to a
# request running past REQUEST_TIMEOUT (20 s, dialogue.middleware.RequestTimeoutMiddleware), long
# before gunicorn's --timeout would kill the worker without an answer. That timeout is 180 s because a sync worker reports in only between
# requests: an export of every round (1,000,000 take about a minute) must not be killed.
CMD ["sh", "-c", "python manage.py createcachetable && exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --worker-class config.gunicorn.DeadlineSyncWorker --timeout 180 --graceful-timeout 30 --access-logfile -"]

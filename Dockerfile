# Production image: gunicorn, a non-root user, static files served by whitenoise.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    WEB_CONCURRENCY=3

WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY dialogue ./dialogue
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --home-dir /app registry

COPY manage.py ./
COPY fixtures ./fixtures
# collectstatic needs settings that load; the real values come from the environment at run time.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build-only python manage.py collectstatic --noinput

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"]
# gunicorn takes its worker count from WEB_CONCURRENCY.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]

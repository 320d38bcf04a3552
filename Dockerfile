# Right Door, production image: gunicorn serving Django/Wagtail, static files by WhiteNoise.
# Docker cannot run on the project's development machines or CI: this file and docker-compose.yml
# are for people who have Docker (see README, "Production-like set-up"). Nothing else needs them.

# --- the stylesheet and GOV.UK Frontend's script, built with npm
FROM node:22-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY static ./static
# PurgeCSS keeps the rules whose classes these use, and the merge step reads them too
# (scripts/build-css.mjs with its PostCSS steps css-tidy.mjs and css-merge.mjs).
COPY scripts/build-css.mjs scripts/css-tidy.mjs scripts/css-merge.mjs ./scripts/
COPY templates ./templates
COPY directory ./directory
COPY guidance ./guidance
COPY home ./home
COPY search ./search
COPY openreferral ./openreferral
RUN node scripts/build-css.mjs \
    && mkdir -p static/vendor \
    && cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/vendor/

# --- the application
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/collected-static \
    MEDIA_ROOT=/data/media
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=assets /app/static/css ./static/css
COPY --from=assets /app/static/vendor ./static/vendor
# collectstatic needs settings that load, not real secrets: throwaway values for this step only.
RUN SECRET_KEY=collectstatic-only-collectstatic-only-collectstatic-only-0123456789 \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --no-input \
    && useradd --system --uid 10001 --home-dir /app rightdoor \
    && mkdir -p /data/media && chown -R rightdoor /data
USER rightdoor
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz/ping', timeout=4)"
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]

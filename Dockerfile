# Blendbot: the Bot Framework endpoint (POST /api/messages) on port 3978.
#
#   docker build -t blendbot .
#   docker run -p 3978:3978 -v blendbot-data:/data \
#     -e MicrosoftAppId=... -e MicrosoftAppPassword=... blendbot
#
# State lives in SQLite on the /data volume (set BLENDBOT_DATABASE_URL=postgresql://... to use
# PostgreSQL instead); the trained classifier is cached there too.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY classifier ./classifier
COPY dialogs ./dialogs
RUN python -m venv /opt/venv && /opt/venv/bin/pip install .

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BLENDBOT_HOST=0.0.0.0 \
    BLENDBOT_PORT=3978 \
    BLENDBOT_DATABASE_URL=sqlite:////data/blendbot.sqlite3 \
    BLENDBOT_CACHE_DIR=/data/cache
RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin blendbot \
    && mkdir -p /data/cache && chown -R blendbot:blendbot /data
COPY --from=build /opt/venv /opt/venv
USER blendbot
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3978
# First start trains the classifier (cached on /data afterwards): give it time.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('BLENDBOT_PORT', '3978') + '/healthz', timeout=4)"]
CMD ["blendbot", "serve"]

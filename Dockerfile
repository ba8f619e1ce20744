# Blendbot: the Bot Framework endpoint (POST /api/messages) on port 3978.
#
#   docker build -t blendbot .
#   docker run -p 3978:3978 -v blendbot-data:/data \
#     -e MicrosoftAppId=... -e MicrosoftAppPassword=... -e MicrosoftAppTenantId=... blendbot
#
# State lives in SQLite on the /data volume (set BLENDBOT_DATABASE_URL=postgresql://... to use
# PostgreSQL instead). Layers, from least to most often changed: base, dependencies (from the
# hash-pinned lock), the project itself, the classifier trained at build time.

# A pinned patch release of the base, not a floating tag: a rebuild gets the same Python.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY classifier ./classifier
COPY dialogs ./dialogs
# Only the project's own wheel; its dependencies come from the lock below.
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM ${PYTHON_IMAGE}
ENV PATH=/opt/venv/bin:$PATH \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BLENDBOT_HOST=0.0.0.0 \
    BLENDBOT_PORT=3978 \
    BLENDBOT_DATABASE_URL=sqlite:////data/blendbot.sqlite3 \
    BLENDBOT_CACHE_DIR=/opt/blendbot/model
RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin blendbot \
    && mkdir -p /data /opt/blendbot/model && chown blendbot:blendbot /data /opt/blendbot/model

# Dependencies: a layer of their own, rebuilt only when the lock changes. --require-hashes
# accepts exactly the files the lock names.
COPY requirements/runtime.txt /opt/blendbot/requirements.txt
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes -r /opt/blendbot/requirements.txt

# The project: a small layer, rebuilt on every code change.
COPY --from=build /wheels /tmp/wheels
RUN /opt/venv/bin/pip install --no-deps /tmp/wheels/*.whl && rm -rf /tmp/wheels

# The classifier, fitted now instead of at the first start of every container. It lives outside
# the /data volume so a new image's model is never hidden by an old volume; the directory
# belongs to the bot, so a school's own training data (BLENDBOT_TRAIN_PATH) can refit into it.
USER blendbot
RUN blendbot train

WORKDIR /data
VOLUME ["/data"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('BLENDBOT_PORT', '3978') + '/healthz', timeout=4)"]
CMD ["blendbot", "serve"]

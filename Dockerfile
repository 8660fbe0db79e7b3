# The graphsvc service: `docker compose up` runs it against Neo4j (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphsvc ./graphsvc
COPY ingest ./ingest
COPY visual ./visual
RUN pip install . && useradd --system --create-home --home-dir /home/graphsvc graphsvc \
    && mkdir /data && chown graphsvc /data

USER graphsvc
WORKDIR /data
# API tokens (only their hashes) live in the volume mounted here.
ENV GRAPHSVC_TOKENS_DB=/data/graphsvc-tokens.db
EXPOSE 8000
# --demo loads the demo network when the store is empty, that is on the first start.
CMD ["graphsvc", "serve", "--host", "0.0.0.0", "--port", "8000", "--demo"]

# Aduan's production image: the wheel without the sandbox, in a slim Python, as a
# non-root user. The install steps are deploy/install.sh (CI runs the same script).
# One image runs every process: compose.yaml picks `aduan release|worker|clock` or the
# default command (the web, as in the Procfile).

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN deploy/install.sh /opt/aduan

FROM python:3.11-slim-bookworm
ENV PATH=/opt/aduan/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ADUAN_VAR_DIR=/var/lib/aduan \
    PROMETHEUS_MULTIPROC_DIR=/run/aduan/metrics \
    LOG_FORMAT=json \
    PORT=8000
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/aduan --create-home aduan \
    && mkdir -p /run/aduan/metrics \
    && chown -R aduan:aduan /run/aduan /var/lib/aduan
COPY --from=build /opt/aduan /opt/aduan
USER 10001:10001
WORKDIR /var/lib/aduan
EXPOSE 8000
CMD ["sh", "-c", "exec gunicorn -c python:aduan.gunicorn_conf aduan.wsgi:app --bind 0.0.0.0:${PORT} --worker-class gthread --workers ${WEB_CONCURRENCY:-2} --threads 4 --graceful-timeout 20"]

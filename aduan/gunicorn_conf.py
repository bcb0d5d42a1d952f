"""Gunicorn settings every way of starting the web shares (Procfile, Dockerfile,
`aduan run`): `gunicorn -c python:aduan.gunicorn_conf ...`.

Gunicorn takes SCRIPT_NAME and PATH_INFO from request headers when the request comes
from a trusted proxy address (127.0.0.1 by default). A proxy that passes a client's
headers through would then let anyone move the app's URL prefix, and with it every
link the app builds in that request. The desk is never mounted under a prefix, so no
header may set the WSGI environment: headers with an underscore are dropped."""

forwarder_headers = ""

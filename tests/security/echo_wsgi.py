"""A WSGI app that answers with the prefix and path gunicorn handed it (for
test_forwarder_headers)."""


def app(environ, start_response):
    body = f"{environ.get('SCRIPT_NAME', '')}|{environ.get('PATH_INFO', '')}".encode()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [body]

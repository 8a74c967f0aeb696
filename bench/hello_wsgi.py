"""The framework floor: a one-line WSGI hello-world, served by the same server as the app."""


def application(environ, start_response):  # type: ignore[no-untyped-def]
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "13")])
    return [b"Hello, world!"]

"""A WSGI app whose one answer takes five seconds to stream, ten lines half a second
apart: tests/test_full_downloads.py serves it with the project's gunicorn settings
and a shorter timeout, as a stand-in for the whole register on a slow line."""

import time

LINES = 10


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])

    def lines():
        for number in range(1, LINES + 1):
            time.sleep(0.5)
            yield f"line {number}\n".encode()

    return lines()

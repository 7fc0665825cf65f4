"""gunicorn's settings for pccdecisions, read from the directory it is started in
(`gunicorn pccdecisions.wsgi`, as the README runs it). Each can be overridden on the
command line or in GUNICORN_CMD_ARGS.

Threaded workers, not sync ones: gunicorn kills a sync worker whose one request runs
past `timeout`, and that cut the whole-register downloads (/decisions.csv,
/api/decisions.json) short after 30 seconds while answering 200, so a reader got a
copy that looked complete and was not. A threaded worker tells gunicorn it is alive
from its main loop while its threads stream, so a long download runs to its end;
`timeout` still catches a worker that is truly stuck.
"""

import os

worker_class = "gthread"
# Two processes per core, as gunicorn advises, and a few threads each for the
# requests that wait on the database or on a slow reader.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = 30

"""`python -m webservice`: serve the skill on http://127.0.0.1:$PORT/ (default 5000).

This is Flask's development server, bound to loopback only. For real hosting run the same app
under gunicorn behind a TLS-terminating proxy, e.g.
`gunicorn -c webservice/gunicorn.conf.py 'webservice.app:create_app()'`.
"""

from __future__ import annotations

import logging
import os
import sys

from .app import create_app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        port = int(os.environ.get("PORT", "5000"))
    except ValueError:
        sys.exit(f"PORT must be a number, not {os.environ['PORT']!r}")
    create_app().run(host="127.0.0.1", port=port)


if __name__ == "__main__":
    main()

"""`python -m webservice.host` (`make host`): the web service in its production shape, nginx in front of
gunicorn, on http://127.0.0.1:$PORT/ (default 8080).

gunicorn's threads are few, so a client that sends its request a byte at a time, or many that connect
and say nothing, would hold them all (gunicorn's docs: "we strongly advise that you use nginx"). nginx
reads each request whole before passing it on over a Unix socket, so they cost gunicorn nothing.
Both run in the foreground; Ctrl-C (or SIGTERM) stops both, and either one stopping stops the other.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CONFIG_TEMPLATE = HERE / "nginx.conf"
GUNICORN_CONFIG = HERE / "gunicorn.conf.py"
STARTUP_SECONDS = 30.0
DEBIAN_NGINX = "/usr/sbin/nginx"  # not on PATH for every user


def nginx_config(listen: str, run_dir: Path) -> str:
    """webservice/nginx.conf with this run's listening address and working folder filled in."""
    return CONFIG_TEMPLATE.read_text(encoding="utf-8").replace("@LISTEN@", listen).replace("@RUN_DIR@", str(run_dir))


def main() -> None:
    nginx = shutil.which("nginx") or (DEBIAN_NGINX if Path(DEBIAN_NGINX).exists() else None)
    if nginx is None:
        sys.exit("nginx is not installed: `apt-get install nginx-light` (Debian, Ubuntu), or run `make host`.")
    try:
        port = int(os.environ.get("PORT", "8080"))
    except ValueError:
        sys.exit(f"PORT must be a number, not {os.environ['PORT']!r}")
    run_dir = Path(tempfile.mkdtemp(prefix="cramp-host-"))
    run_dir.chmod(0o711)  # nginx's workers (another user when started as root) reach the socket inside
    config = run_dir / "nginx.conf"
    config.write_text(nginx_config(os.environ.get("HOST_LISTEN", f"127.0.0.1:{port}"), run_dir), encoding="utf-8")
    socket_path = run_dir / "gunicorn.sock"
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG), "webservice.app:create_app()"],
        cwd=REPO,
        env={**os.environ, "GUNICORN_BIND": f"unix:{socket_path}"},
    )
    started = time.monotonic()
    while not socket_path.exists() and gunicorn.poll() is None and time.monotonic() - started < STARTUP_SECONDS:
        time.sleep(0.1)
    proxy = subprocess.Popen([nginx, "-c", str(config), "-p", str(run_dir), "-g", "daemon off;"])
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"Serving the skill on http://127.0.0.1:{port}/ (nginx in front of gunicorn). Ctrl-C stops it.", flush=True)
    try:
        while not stopping and gunicorn.poll() is None and proxy.poll() is None:
            time.sleep(0.2)
    finally:
        for process in (proxy, gunicorn):
            if process.poll() is None:
                process.terminate()
        for process in (proxy, gunicorn):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(run_dir, ignore_errors=True)
    sys.exit(0 if stopping else 1)


if __name__ == "__main__":
    main()

"""Build step: a CA bundle (certifi's) as an OpenSSL hashed directory, one root a file.

    python ca_directory.py BUNDLE.pem DIRECTORY

Why: the skill calls Alexa's Settings API on each session's first turn, so a cold start builds a TLS context.
Loading certifi's ~150 roots from one file takes about 45 ms with OpenSSL 3 (plus ~20 ms to import certifi);
from a hashed directory OpenSSL reads only the root a server's chain names, when it names it (about 2 ms).
The trust is the same: certifi's roots, the ones the SDK's own client (requests) trusts.

Each root is written to its own file and `openssl rehash` names them as OpenSSL's lookup expects (links
`<subject hash>.<n>`; the deployment zip stores what they point to). Adding a bundle to a directory keeps
what is there, so a private root can be filed beside certifi's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

_PEM = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


def write_directory(bundle: str, directory: str) -> int:
    """File every certificate of `bundle` in `directory` and rehash it; returns how many were filed."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise FileNotFoundError("the openssl command line tool is needed to name the roots (`openssl rehash`)")
    with open(bundle, encoding="ascii") as text:
        certificates = _PEM.findall(text.read())
    os.makedirs(directory, exist_ok=True)
    first = sum(name.startswith("root-") for name in os.listdir(directory))
    for number, certificate in enumerate(certificates, start=first):
        with open(os.path.join(directory, f"root-{number:03d}.pem"), "w", encoding="ascii") as file:
            file.write(certificate + "\n")
    subprocess.run([openssl, "rehash", directory], check=True, capture_output=True)
    return len(certificates)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    if not write_directory(sys.argv[1], sys.argv[2]):
        sys.exit(f"ca_directory.py: no certificates in {sys.argv[1]}")

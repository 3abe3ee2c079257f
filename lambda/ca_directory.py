"""Build step: certifi's CA bundle as an OpenSSL hashed directory, one certificate a file, named by subject hash.

    python ca_directory.py BUNDLE.pem DIRECTORY

Why: the skill calls Alexa's Settings API on each session's first turn, so a cold start builds a TLS context.
Loading certifi's ~150 roots from one file takes about 45 ms with OpenSSL 3 (plus ~20 ms to import certifi);
from a hashed directory OpenSSL reads only the root a server's chain names, when it names it (about 2 ms).
The trust is the same: certifi's roots, the ones the SDK's own client (requests) trusts.

The file names are what `openssl rehash` writes: `<subject hash>.<n>`, the hash being the first four bytes,
little-endian, of SHA-1 over the subject name's canonical encoding (OpenSSL's `x509_name_canon`: string values
as UTF-8, trimmed, inner whitespace collapsed, ASCII lower-cased). Standard library only, so the build needs
nothing but the runtime's Python. `tests/test_trusted_cas.py` checks every name against `openssl x509 -hash`.
"""

from __future__ import annotations

import hashlib
import os
import re
import ssl
import sys

_PEM = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)
SEQUENCE, SET, UTF8STRING = 0x30, 0x31, 0x0C
# String types OpenSSL canonicalises (ASN1_MASK_CANON), with how their bytes become text.
_TEXT_TYPES = {
    0x0C: "utf-8",
    0x13: "latin-1",
    0x14: "latin-1",
    0x16: "latin-1",
    0x1A: "latin-1",
    0x1E: "utf-16-be",
    0x1C: "utf-32-be",
}
_SPACE = " \t\n\v\f\r"


def read_tlv(data: bytes, at: int = 0) -> tuple[int, bytes, int]:
    """One DER element at `at`: (tag, contents, where the next element starts)."""
    tag, length, at = data[at], data[at + 1], at + 2
    if length & 0x80:
        count = length & 0x7F
        length, at = int.from_bytes(data[at : at + count], "big"), at + count
    return tag, data[at : at + length], at + length


def elements(data: bytes) -> list[tuple[int, bytes]]:
    found, at = [], 0
    while at < len(data):
        tag, contents, at = read_tlv(data, at)
        found.append((tag, contents))
    return found


def encode(tag: int, contents: bytes) -> bytes:
    size = len(contents)
    if size < 0x80:
        return bytes([tag, size]) + contents
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + contents


def subject_of(der_certificate: bytes) -> bytes:
    """The subject Name's contents (the RDN sets) of a DER certificate."""
    _, certificate, _ = read_tlv(der_certificate)
    _, tbs, _ = read_tlv(certificate)
    fields = elements(tbs)
    if fields[0][0] == 0xA0:  # [0] version, present from v2 on
        fields = fields[1:]
    # serialNumber, signature, issuer, validity, subject
    return fields[4][1]


def canonical_value(tag: int, value: bytes) -> bytes:
    if tag not in _TEXT_TYPES:
        return encode(tag, value)
    text = value.decode(_TEXT_TYPES[tag]).encode("utf-8")
    text = text.strip(_SPACE.encode())
    collapsed = re.sub(rb"[ \t\n\v\f\r]+", b" ", text)
    lowered = bytes(byte + 32 if 0x41 <= byte <= 0x5A else byte for byte in collapsed)
    return encode(UTF8STRING, lowered)


def subject_hash(der_certificate: bytes) -> str:
    """What `openssl x509 -hash` prints for the certificate (OpenSSL 1.0 and later)."""
    canonical = b""
    for _, relative_name in elements(subject_of(der_certificate)):
        entries = []
        for _, attribute in elements(relative_name):
            (oid_tag, oid), (value_tag, value) = elements(attribute)
            entries.append(encode(SEQUENCE, encode(oid_tag, oid) + canonical_value(value_tag, value)))
        canonical += encode(SET, b"".join(sorted(entries)))  # DER orders a SET OF by encoding
    digest = hashlib.sha1(canonical).digest()
    return f"{int.from_bytes(digest[:4], 'little'):08x}"


def certificates(bundle_text: str) -> list[str]:
    return _PEM.findall(bundle_text)


def write_directory(bundle: str, directory: str) -> int:
    """Write every certificate of `bundle` into `directory` as `<hash>.<n>`; the number written."""
    os.makedirs(directory, exist_ok=True)
    with open(bundle, encoding="ascii") as handle:
        pems = certificates(handle.read())
    for pem in pems:
        stem = subject_hash(ssl.PEM_cert_to_DER_cert(pem))
        number = 0
        while os.path.exists(os.path.join(directory, f"{stem}.{number}")):
            number += 1
        with open(os.path.join(directory, f"{stem}.{number}"), "w", encoding="ascii") as out:
            out.write(pem + "\n")
    return len(pems)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    written = write_directory(sys.argv[1], sys.argv[2])
    if not written:
        sys.exit(f"ca_directory.py: no certificates in {sys.argv[1]}")

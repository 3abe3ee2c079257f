"""A seal on the words the skill keeps in the session for "repeat".

The session goes out to Alexa and comes back with the next request; the key never leaves the skill. Words
that come back without their seal were not said by this skill, so they are never spoken again. The key is
SESSION_SEAL_KEY: on Lambda the stack's own id (template.yaml), for a web service one key shared by all its
workers (webservice/gunicorn.conf.py); without it, one drawn for this process (the console, the tests).
"""

from __future__ import annotations

import os

_KEY = (os.environ.get("SESSION_SEAL_KEY") or os.urandom(32).hex()).encode()


def seal(*words: str) -> str:
    """The seal of these words, in this order. hmac (and OpenSSL with it) loads with the first reply that keeps
    its words, not on a cold start that answers an event or ends the session."""
    import hashlib
    import hmac

    return hmac.new(_KEY, "\x1f".join(words).encode(), hashlib.sha256).hexdigest()[:32]


def intact(seal_sent_back: object, *words: str) -> bool:
    """True when `seal_sent_back` is the seal of these words: the skill itself said them."""
    import hmac

    return isinstance(seal_sent_back, str) and hmac.compare_digest(seal_sent_back, seal(*words))

"""The skill as a self-hosted HTTPS web service (the alternative to the Lambda endpoint).

`python -m webservice` runs Flask's development server on 127.0.0.1:$PORT (default 5000) for local
use. Real hosting runs the same app under a production WSGI server behind a TLS-terminating proxy,
because Alexa only calls HTTPS endpoints:

    gunicorn -c webservice/gunicorn.conf.py 'webservice.app:create_app()'

Every request's Alexa signature and timestamp are verified unless ASK_SDK_VERIFY_SIGNATURE /
ASK_SDK_VERIFY_TIMESTAMP say otherwise (see webservice.app).
"""

from ._compat import make_flask_ask_sdk_importable

# Must run before anything imports flask_ask_sdk or ask_sdk_webservice_support (see _compat).
make_flask_ask_sdk_importable()

from .app import create_app  # noqa: E402

__all__ = ["create_app"]

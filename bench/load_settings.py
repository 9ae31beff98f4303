"""Settings for bench/load.py's gunicorn: the product's settings, plus the bare view's URLconf.

Loopback has no TLS proxy, so the session and CSRF cookies must travel over plain HTTP
(a browser, and Locust's cookie jar, never send a Secure cookie to http://). Everything
else is production as configured by the environment (DEBUG off, SECRET_KEY set).
"""

from recoveryhub.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

"""Recovery Hub settings, read from environment variables only.

Production is the default: DEBUG is off unless asked for, and there is no
secret key unless one is given. See README.md for every variable.
"""

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from . import client_address
from .env import env_bool, env_int, env_list, env_phone, env_str
from .secret_key import check_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("RECOVERYHUB_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)
# With DEBUG on, Django's technical 404/500 pages unless this is 0 (`make run` sets 0,
# so the demo shows the product's error pages: core/demo_error_pages.py).
DEBUG_ERROR_PAGES = env_bool("DEBUG_ERROR_PAGES", True)
TESTING = "pytest" in sys.modules

SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("Set SECRET_KEY: it is required when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105
elif not (DEBUG or TESTING):
    check_secret_key(SECRET_KEY)  # a short or guessable key stops start-up

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Demo data (seed_demo) may only be written where someone asked for it.
ALLOW_DEMO_DATA = env_bool("ALLOW_DEMO_DATA", DEBUG)

INSTALLED_APPS = [
    "recoveryhub.core.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "recoveryhub.core",
    "recoveryhub.audit",
    "recoveryhub.staff",
    "recoveryhub.accounts",
    "recoveryhub.people",
    "recoveryhub.measures",
    "recoveryhub.college",
    "recoveryhub.plans",
    "recoveryhub.episodes",
    "recoveryhub.pathways",
    "recoveryhub.feedback",
    "recoveryhub.practice",
    "django_tasks",
    "django_tasks_db",
    "recoveryhub.jobs",
    "recoveryhub.governance",
]

MIDDLEWARE = [
    "recoveryhub.core.faults.DatabaseFaultMiddleware",  # database down: a 503 page (faults.py)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside WhiteNoise (static files stay cacheable): no-store on everything else.
    "recoveryhub.core.cache_control.NoStoreMiddleware",
    # Before the session is read: NUL anywhere is a 400 (PostgreSQL cannot store it).
    "recoveryhub.core.nul_bytes.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Whatever a request changes goes in the audit trail as its user's.
    "recoveryhub.audit.middleware.AuditActorMiddleware",
    "recoveryhub.accounts.middleware.StaffSessionTimeoutMiddleware",
    "recoveryhub.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so it sees every failed sign-in the views report.
    "axes.middleware.AxesMiddleware",
    # With DEBUG on and DEBUG_ERROR_PAGES=0 (the demo): NHS error pages, not Django's.
    "recoveryhub.core.demo_error_pages.ProductErrorPagesMiddleware",
]

ROOT_URLCONF = "recoveryhub.config.urls"
WSGI_APPLICATION = "recoveryhub.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "recoveryhub.config.jinja2.environment",
            "extensions": ["jinja2.ext.do"],
            "context_processors": [
                "django.contrib.messages.context_processors.messages",
                "recoveryhub.core.context_processors.layout",
            ],
        },
    },
    {
        # Django admin only.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Databases: SQLite under var/ unless DATABASE_URL names another database.
SQLITE_OPTIONS = {
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write
    # lock at the start of a transaction so two writers queue instead of
    # failing half-way; the timeout is how long a writer waits its turn.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    _database = dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "recoveryhub.sqlite3"}
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
elif "postgresql" in _database["ENGINE"]:
    # A page's queries are small: starting parallel workers for one (PostgreSQL's default
    # set-up cost lets it for a few thousand rows) took longer than the query itself.
    # Large ones (the outcomes page worked out afresh, bulk writes) may still go parallel.
    _options = ["-c parallel_setup_cost=10000"]
    if TESTING:
        # Tests throw their database away, so a commit need not wait for the disk: browser
        # tests commit every write and empty every table after each test.
        _options.append("-c synchronous_commit=off")
    _database.setdefault("OPTIONS", {})["options"] = " ".join(_options)
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses sign-in while an account and source are locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:signed_out"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: built by `make assets` into build/static, collected into
# var/static and served by WhiteNoise with far-future caching of hashed names.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "recoveryhub.core.storage.StaticFilesStorage"
    },
}

# Email: the console in development; SMTP or GOV.UK Notify in production.
EMAIL_DELIVERY = env_str("EMAIL_DELIVERY") or ("console" if DEBUG else "smtp")
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "notify": "recoveryhub.core.notify.NotifyEmailBackend",
}
if EMAIL_DELIVERY not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_DELIVERY must be one of {', '.join(_EMAIL_BACKENDS)}; got {EMAIL_DELIVERY!r}"
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[EMAIL_DELIVERY]
EMAIL_FILE_PATH = VAR_DIR / "email"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Recovery Hub <no-reply@recoveryhub.example>")
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", "")
NOTIFY_EMAIL_TEMPLATE_ID = env_str("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_BASE_URL = env_str("NOTIFY_BASE_URL", "")
if EMAIL_DELIVERY == "notify" and not (NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID):
    raise ImproperlyConfigured(
        "EMAIL_DELIVERY=notify needs NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID."
    )

# Background jobs: one runner (manage.py run_jobs) works the database task queue and
# the schedule (recoveryhub/jobs/registry.py). A failed run is tried again after 1, 2,
# 4, 8… minutes (capped), up to JOBS_MAX_ATTEMPTS, then waits for an admin.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 5)
JOBS_RETRY_BASE_SECONDS = env_int("JOBS_RETRY_BASE_SECONDS", 60)
JOBS_RETRY_MAX_SECONDS = env_int("JOBS_RETRY_MAX_SECONDS", 60 * 60)
JOBS_RUNNER_SLEEP_SECONDS = env_int("JOBS_RUNNER_SLEEP_SECONDS", 5)
# /health/ready fails when the runner has not been seen for this long.
JOBS_RUNNER_STALE_AFTER = timedelta(seconds=env_int("JOBS_RUNNER_STALE_AFTER_SECONDS", 5 * 60))
# An attempt still "running" after this long was cut off (the runner was killed or the
# machine restarted): it counts as a failed attempt and is tried again.
JOBS_ATTEMPT_TIMEOUT = timedelta(seconds=env_int("JOBS_ATTEMPT_TIMEOUT_SECONDS", 60 * 60))
if min(JOBS_MAX_ATTEMPTS, JOBS_RETRY_BASE_SECONDS, JOBS_RUNNER_SLEEP_SECONDS) < 1:
    raise ImproperlyConfigured(
        "JOBS_MAX_ATTEMPTS, JOBS_RETRY_BASE_SECONDS and JOBS_RUNNER_SLEEP_SECONDS "
        "must be 1 or more."
    )

# The client's address, for the sign-in pause and every other per-client limit
# (accounts/throttle.py). Behind N trusted proxies it is the address the outermost
# one saw, read from the right of X-Forwarded-For, so what a client writes into that
# header itself is ignored; with 0, the address of the connection.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = client_address.header_order(TRUSTED_PROXY_COUNT)
AXES_IPWARE_PROXY_COUNT = client_address.proxies_in_header(TRUSTED_PROXY_COUNT)
IPWARE_STRICT = False  # entries a client put in front of the proxies' own are skipped

# Sign-in protection: 5 failures for one account from one client address pause that
# account on that address only (never the account everywhere, so a stranger cannot
# lock staff out), briefly, so a pause caused by someone sharing the address soon ends.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "recoveryhub.accounts.views.locked_out"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Recovery Hub"

# Sessions: people and carers stay signed in for a working day at most;
# staff are signed out after 30 minutes without activity (accounts.middleware).
SESSION_COOKIE_AGE = 8 * 60 * 60
STAFF_IDLE_TIMEOUT_SECONDS = 30 * 60
PASSWORD_RESET_TIMEOUT = 60 * 60
INVITATION_VALID_DAYS = 14

# Content security policy: nothing inline, nothing from elsewhere but the NHS fonts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
CSRF_FAILURE_VIEW = "recoveryhub.core.views.csrf_failure"

# Production safety. TLS is assumed to end at a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The test client and live server speak plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
# Load balancers probe health over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Licensed wording (SWEMWBS, WEMWBS, ReQoL-10): a folder of JSON files the trust
# supplies under its licences, one per instrument; until then the wording is
# plainly labelled placeholder text. See recoveryhub/measures/catalogue/README.md.
MEASURES_LICENSED_WORDING_DIR = env_str("MEASURES_LICENSED_WORDING_DIR") or None
# The trust's own audit frameworks, and the licensed wording of the built-in ones.
PRACTICE_FRAMEWORKS_DIR = env_str("PRACTICE_FRAMEWORKS_DIR") or None

# Where people reach the service, for links in emails sent by commands.
SITE_URL = (env_str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")

# The organisation named in the footer and on printed material.
TRUST_NAME = env_str("TRUST_NAME", "Cambridgeshire and Peterborough NHS Foundation Trust")
# The trust's ODS code, for national returns such as the monthly Friends and Family Test.
TRUST_ODS_CODE = env_str("TRUST_ODS_CODE", "RT1")

# How to enrol without the internet, printed on the paper prospectus (issue 12). The
# defaults are made up (an Ofcom drama number): set the College's real ones in production.
COLLEGE_PHONE = env_str("COLLEGE_PHONE", "01632 960 123")
COLLEGE_EMAIL = env_str("COLLEGE_EMAIL", "recovery.college@example.org")
# Who is told when someone opens a colleague's record behind the firewall (staff/firewall.py),
# and for how long an opening lasts.
INFORMATION_GOVERNANCE_EMAIL = env_str(
    "INFORMATION_GOVERNANCE_EMAIL", "information.governance@example.org"
)
BREAK_GLASS_MINUTES = env_int("BREAK_GLASS_MINUTES", 60)
COLLEGE_ADDRESS = env_str(
    "COLLEGE_ADDRESS", "Recovery College East, 1 Example Road, Cambridge, CB1 0AA"
)

# Crisis help on check-in results (issue 12). Check-ins are not watched all the time,
# so people are told who will see a worrying answer, when, and whom to ring now.
# Finishes "Your named worker and team will see your answer …".
SAFETY_FLAG_SEEN_WHEN = env_str("SAFETY_FLAG_SEEN_WHEN", "on their next working day")
CRISIS_EMERGENCY_NUMBER = env_phone("CRISIS_EMERGENCY_NUMBER", "999")
CRISIS_NHS_111_NUMBER = env_phone("CRISIS_NHS_111_NUMBER", "111")
CRISIS_NHS_111_OPTION = env_phone("CRISIS_NHS_111_OPTION", "2", shortest=1)
CRISIS_SAMARITANS_NUMBER = env_phone("CRISIS_SAMARITANS_NUMBER", "116 123")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Every sign-in is not news; lockouts (warnings) still are.
    "loggers": {"axes": {"level": "WARNING"}},
}

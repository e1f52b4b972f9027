"""Settings of the Coaching Clinic SKP portal.

Everything that differs between machines comes from environment variables, read here and
nowhere else (see README.md, "Configuration"). Safe defaults: DEBUG is off unless asked for,
and without DEBUG a SECRET_KEY must be given.
"""

import os
import subprocess
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import environ
from csp.constants import NONE, SELF
from django.contrib.messages import constants as message_constants
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-for-local-use-only"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rules.apps.AutodiscoverRulesConfig",
    # Before the task apps: its db_worker command (WeasyPrint warmed up first) is the one found.
    "core",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "bookings",
    "skp_drafts",
    "reports",
    "surveys",
    "ekinerja",
    "portal",
    "operations",
]

MIDDLEWARE = [
    # Outermost: every response, static files and refusals included, gets the
    # Permissions-Policy; signed-in pages and files are not to be stored.
    "core.middleware.ResponseHeadersMiddleware",
    # Every file handed to a signed-in user is recorded in the audit trail.
    "core.middleware.FileAuditMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files before anything else touches the request (no session, no database).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, loading the user at once (every portal page reads it).
    "accounts.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: an idle session is signed out with a message.
    "accounts.middleware.IdleSessionMiddleware",
    # After the login is known: a session that owes its second factor reaches nothing else.
    "accounts.twofactor.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coaching_portal.urls"
WSGI_APPLICATION = "coaching_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.portal",
            ],
            # {% url %} that remembers the addresses of links without arguments.
            "builtins": ["core.templatetags.urls"],
        },
    },
]

# Database: PostgreSQL everywhere. The Makefile points DATABASE_URL at a private cluster
# when none is given; a socket folder may be written percent-encoded in the URL's host.
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["HOST"] = unquote(DATABASES["default"].get("HOST") or "")
# Persistent connections: each gunicorn (sync) worker keeps its one connection for ten
# minutes instead of opening one per request; the health check before a request reuses it
# replaces a connection that died (a database restart) without an error page. psycopg's
# pool would add nothing to one-request-at-a-time workers (see docs/deploy.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and authentication
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # An address past THROTTLES["login_failures_ip"] is refused before any password is checked.
    "accounts.throttle.AddressLoginThrottle",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.NipBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    # Django's common passwords and 4.2 million breached ones, offline (accounts/passwords.py).
    {"NAME": "accounts.passwords.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A session ends eight hours after signing in however busy it is (a fixed expiry set at
# login), and earlier after SESSION_IDLE_MINUTES without a request (accounts.middleware).
SESSION_COOKIE_AGE = int(timedelta(hours=8).total_seconds())
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))

# Cache, shared by every app server: Redis when CACHE_URL (or REDIS_URL) names one, e.g.
# redis://127.0.0.1:6379/0 or unix:///run/redis/redis-server.sock; otherwise each process's
# own memory, enough for development and tests (check --deploy warns about it).
CACHE_URL = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// URL.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="coaching-portal"),
        }
    }
    # Sessions live in the database (they survive a cache restart) and are read through
    # the shared cache; every app server sees the same ones.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Not cached_db here: a per-process cache could keep a signed-out session alive in
    # another worker.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# How long a signed-in user, loaded with its pegawai, roles and devices, is kept in the shared
# cache between requests (accounts/user_cache.py; a change to them renews the users it
# touches once committed). Only
# with a shared cache: a per-process one would keep a revoked role alive in another worker.
USER_CACHE_SECONDS = env.int("USER_CACHE_SECONDS", default=300 if CACHE_URL else 0)

# Registration and password reset send e-mail to the address typed in: without a limit
# they could mail anyone, any number of times. Counted in the shared cache, per client
# address and per e-mail address (accounts/throttle.py): (requests, seconds).
# One office behind one address may register many people in an hour: the per-address
# limits are generous, the per-e-mail ones are not.
THROTTLES = {
    "register_ip": (env.int("THROTTLE_PER_ADDRESS_PER_HOUR", default=30), 3600),
    "register_email": (3, 24 * 3600),
    "password_reset_ip": (env.int("THROTTLE_PER_ADDRESS_PER_HOUR", default=30), 3600),
    "password_reset_email": (3, 3600),
    # Failed logins from one client address, whatever NIP they named (password spraying:
    # django-axes counts per NIP and address). An office behind one NAT address does not
    # fail fifty times in a quarter of an hour; past that its logins wait for the window.
    "login_failures_ip": (
        env.int("LOGIN_FAILURES_PER_ADDRESS", default=50),
        60 * env.int("LOGIN_FAILURES_WINDOW_MINUTES", default=15),
    ),
    # Wrong second-factor codes (or passwords on the page that turns it off), per account:
    # whoever tries them knows the password already, so the address does not matter.
    "second_factor": (5, 15 * 60),
    "second_factor_day": (20, 24 * 3600),
}

# The second factor (accounts/twofactor/, docs/architecture.md): a TOTP authenticator app,
# with one-time recovery codes. Required for Admin, Kepala BKPSDM and Kepala Bidang, optional
# for everyone else. SECOND_FACTOR_REQUIRED=0 lifts the requirement (development, or an
# emergency in which the obliged cannot set up a phone); whoever has a device is still asked
# for its code, and check --deploy warns (accounts.W001).
SECOND_FACTOR_REQUIRED = env.bool("SECOND_FACTOR_REQUIRED", default=True)
# The name an authenticator app shows beside the code.
OTP_TOTP_ISSUER = env.str("SECOND_FACTOR_ISSUER", default="Coaching Clinic SKP Balangan")
# Wrong codes are counted by the throttles above, whose windows end. django-otp's own
# back-off doubles the wait after every failure until a right code, so that someone holding
# the password could lock the owner out for good.
OTP_TOTP_THROTTLE_FACTOR = 0

# Login throttling (django-axes): five failures for one login name from one address lock
# that pair out for a quarter of an hour. NIPs typed with spaces or dots count as one name.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"
# Behind a reverse proxy every request comes from the proxy's address; counting from it would
# let anyone lock any NIP out for everybody. BEHIND_TLS_PROXY therefore implies one proxy,
# whose X-Forwarded-For names the client (core.clients.client_ip; the throttles of
# registration and password reset count the same address).
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
TRUSTED_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=1 if BEHIND_TLS_PROXY else 0)
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"

# Internationalisation: Indonesian first, English through the translation framework.
LANGUAGE_CODE = "id"
# Each language named in itself, as a language switch shows it.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["coaching_portal.formats"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True

# Static and uploaded files: no CDN, the portal runs on the office intranet.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Without DEBUG, WhiteNoise serves the files collected by collectstatic, compressed (gzip
# and Brotli) under names with their content's hash, cached by browsers for a year. In
# development (and tests) the files are served as they are, from the apps' folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "core.staticfiles.StaticFilesStorage"
    },
}
# Fixed when the settings load (tests turn DEBUG off later): in development WhiteNoise looks
# the files up in the apps' folders at each request.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Mail
# EMAIL_URL, e.g. smtp+tls://user:password@mail.example.go.id:587; the console by default.
_email = env.email("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Coaching Clinic SKP <coaching-skp@bkpsdm.balangankab.go.id>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# E-mail leaves through a task (core/tasks.py). In production the tasks wait in the
# database for the worker (manage.py db_worker), so a slow or absent mail server never
# holds up a page, and a message is queued in the same transaction as the change that
# caused it. In development and tests they run at once, after the commit.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate" if DEBUG else "database")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}
# A message the mail server refuses is tried again this many times, ever later.
MAIL_ATTEMPTS = env.int("MAIL_ATTEMPTS", default=5)
ADMINS = [("Admin", address) for address in env.list("ADMIN_EMAILS", default=[])]
# The portal's address as users reach it, for links in e-mail.
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000")
# The audit trail (logins, role changes, files handed out) is kept this many days; older
# entries are deleted by manage.py prune_audit_log (cron, daily).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=365)
# Password-reset and activation links stay valid this long (seconds): three days.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_LINK_SECONDS", default=3 * 24 * 3600)

# Forms and messages
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_TAGS = {message_constants.ERROR: "danger"}

# Security. The browser may load scripts, styles, fonts and images only from this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Browser features that no page of the portal uses are switched off, for its pages and
# anything they could embed (core.middleware). The check-in page shows a QR code for phones
# to scan with their own camera app: the portal itself never asks for the camera. A passkey
# login would need publickey-credentials-get=(self); a browser's PDF viewer, fullscreen.
UNUSED_BROWSER_FEATURES = [
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation",
    "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment",
    "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
    "xr-spatial-tracking",
]  # fmt: skip
PERMISSIONS_POLICY = ", ".join(
    [*(f"{feature}=()" for feature in UNUSED_BROWSER_FEATURES), "fullscreen=(self)"]
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer asks for the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Individual coaching rules, in one place (bookings app).
BOOKING_RULES = {
    # Booking closes this many hours before a slot starts.
    "BOOKING_CLOSES_HOURS": env.int("BOOKING_CLOSES_HOURS", default=3),
    # Cancelling or rescheduling is possible until this many hours before the start.
    "CHANGE_CLOSES_HOURS": env.int("BOOKING_CHANGE_CLOSES_HOURS", default=3),
    # How far ahead the ASN sees open slots.
    "HORIZON_DAYS": env.int("BOOKING_HORIZON_DAYS", default=28),
    # The attached draft: xlsx, docx or pdf, checked by content.
    "DRAFT_MAX_BYTES": 10 * 1024 * 1024,
    # An attended session counts as competency development: one JP (jam pelajaran) for
    # every this many minutes.
    "JP_MINUTES": env.int("COACHING_JP_MINUTES", default=45),
}


def _checked_out_commit() -> str:
    """The commit the checkout is at (deploy/ updates by git pull), or "" without git."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return found.stdout.strip()


# The release being served: what a drawn page kept in the shared cache is keyed on, so that
# one drawn by the code or the translations of the release before is never served after
# an update (PORTAL_RELEASE for a deployment without git). Without either, the moment this
# process started: an update cannot be told from a restart, so every restart draws anew.
RELEASE = env("PORTAL_RELEASE", default="") or _checked_out_commit() or f"started-{time.time_ns()}"

# The office's contact, shown in the footer and, later, on letterheads.
PORTAL = {
    # The letterhead (kop surat) of every document: who issues it, with its emblem.
    "GOVERNMENT": env.str("OFFICE_GOVERNMENT", default="Pemerintah Kabupaten Balangan"),
    "AGENCY": env.str(
        "OFFICE_AGENCY", default="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    ),
    # An image file (PNG, JPEG or SVG); the default is a placeholder of the portal's own.
    "EMBLEM": env.str("OFFICE_EMBLEM", default=str(BASE_DIR / "static/img/lambang-contoh.svg")),
    "WEBSITE": env.str("OFFICE_WEBSITE", default="bkpsdm.balangankab.go.id"),
    "ADDRESS": env.str(
        "OFFICE_ADDRESS", default="Paringin, Kabupaten Balangan, Kalimantan Selatan"
    ),
    # The place written before the date of signatures ("Paringin, 25 November 2026").
    "CITY": env.str("OFFICE_CITY", default="Paringin"),
    "PHONE": env.str("OFFICE_PHONE", default=""),
    "EMAIL": env.str("OFFICE_EMAIL", default=""),
    "WHATSAPP": env.str("OFFICE_WHATSAPP", default=""),  # international form: 6281234567890
    "HOURS": env.str(
        "OFFICE_HOURS", default="Senin–Kamis 08.00–16.00 WITA, Jumat 08.00–11.00 WITA"
    ),
}

# WhatsApp notifications through the official WhatsApp Business Cloud API, for the people
# who opted in on their profile. Off unless a token and a phone number id are given. The
# message is an approved template with one body parameter (the notification's text).
WHATSAPP = {
    "TOKEN": env.str("WHATSAPP_TOKEN", default=""),
    "PHONE_NUMBER_ID": env.str("WHATSAPP_PHONE_NUMBER_ID", default=""),
    "TEMPLATE": env.str("WHATSAPP_TEMPLATE", default="notifikasi_portal"),
    "LANGUAGE": env.str("WHATSAPP_TEMPLATE_LANGUAGE", default="id"),
    "API_URL": env.str("WHATSAPP_API_URL", default="https://graph.facebook.com/v21.0"),
    "ATTEMPTS": env.int("WHATSAPP_ATTEMPTS", default=5),
}

# Backups (manage.py backup): with a passphrase, every backup is encrypted with gpg
# (AES-256); keep the passphrase apart from the backups (docs/deploy.md, restore).
BACKUP_PASSPHRASE = env.str("BACKUP_PASSPHRASE", default="")

# Digital signature (PAdES) of every issued PDF: a PKCS#12 file (.p12/.pfx) with the office's
# key and certificate, and its passphrase. Unset, documents are issued unsigned (core/signing.py;
# a file that cannot be loaded stops manage.py's commands through the check core.E001).
PDF_SIGNING_P12 = env.str("PDF_SIGNING_P12", default="")
PDF_SIGNING_PASSPHRASE = env.str("PDF_SIGNING_PASSPHRASE", default="")

# PDFs under load (core/pdf.py, core/documents.py). At most PDF_RENDER_SLOTS WeasyPrint
# renders run at once on one machine, web workers and task worker together (default: one
# for every two cores, so pages keep a core). A page waits PDF_SLOT_WAIT seconds for a slot
# and then hands the render to the task worker, answering "being prepared"; so does a
# document expected to take longer than PDF_INLINE_SECONDS: its estimate for the reference
# machine, times its kind's pace on this one with PDF_PACE (learned from its renders, kept
# in the cache: on by default where every process shares it, CACHE_URL). One asked for and
# not filed after PDF_PENDING_RETRY seconds (the worker was down) is handed to the worker
# again.
PDF_RENDER_SLOTS = env.int("PDF_RENDER_SLOTS", default=max(1, (os.cpu_count() or 2) // 2))
PDF_SLOT_WAIT = env.float("PDF_SLOT_WAIT", default=0.5)
PDF_INLINE_SECONDS = env.float("PDF_INLINE_SECONDS", default=1.0)
PDF_PACE = env.bool("PDF_PACE", default=bool(CACHE_URL))
PDF_PENDING_RETRY = env.int("PDF_PENDING_RETRY", default=600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Survey links and account tokens never reach a log (operations/logs.py).
    "filters": {"mask_secrets": {"()": "operations.logs.MaskSecretsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_secrets"]},
        "discard": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # A request for a host name not in ALLOWED_HOSTS (a scanner trying the bare address,
        # a forged Host header) gets a plain 400. Django would log each one as an error with
        # its traceback and mail it to ADMIN_EMAILS: one mail per request of a scan. nginx
        # drops them before they arrive (deploy/nginx.conf); the access log still shows any
        # that do.
        "django.security.DisallowedHost": {"handlers": ["discard"], "propagate": False},
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every PDF at INFO level.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# SKM survey (PermenPANRB 14/2017): the questionnaire's element order (answers are stored by
# element, so reordering never mixes them up) and how long a survey link stays valid.
SKM_ELEMENT_ORDER = env.list(
    "SKM_ELEMENT_ORDER", default=["e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"]
)
SKM_LINK_DAYS = env.int("SKM_LINK_DAYS", default=14)
# Figures and suggestions of fewer respondents than this are withheld: with one or two
# answers, whoever knows who attended would know who answered what.
SKM_MIN_RESPONDENTS = env.int("SKM_MIN_RESPONDENTS", default=3)

# Reports (issue 6). PostgreSQL's JIT compiler pays off for long analytical queries only; on
# the portal's short ones it costs more than it saves: the dashboard's counts of 400 SKPD and
# 50,000 pegawai took 1.7 s with it (1.45 s of it compiling) and 0.2 s without. A DATABASE_URL
# that sets ?options= keeps its own.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

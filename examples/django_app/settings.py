"""Settings of the genvid Django example: one project, no database, no installed apps.

    python manage.py runserver                                          # the real services
    GENVID_EMULATOR_URL=http://127.0.0.1:8765 python manage.py runserver    # `genvid emulator`

genvid settings (all optional; environment variables of the same name fill them in):

- ``GENVID_EMULATOR_URL``: point genvid at a genvid emulator instead of the real services
  (API keys then come from ``DECART_API_KEY``, ``FAL_KEY``, ``LUMAAI_API_KEY``...).
- ``GENVID_CALLBACK_SECRET``: the secret of Luma callback URL tokens (default: derived
  from ``SECRET_KEY``).
- ``GENVID_PUBLIC_URL``: this site's URL as the services can reach it; when set, Luma jobs
  are submitted with a ``callback_url`` to ``/callbacks/luma``.
- ``GENVID_FAL_JWKS`` (a JWKS dict) or ``GENVID_FAL_JWKS_URL``: fal's webhook signing keys
  (default: fal's public JWKS, or the emulator's when ``GENVID_EMULATOR_URL`` is set).
- ``GENVID_CLIENT``: a ready ``genvid.Client`` to use instead of building one (tests).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent

# Set DJANGO_SECRET_KEY (and DJANGO_DEBUG=0, DJANGO_ALLOWED_HOSTS) for anything but a local demo.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "genvid-example-insecure-dev-key")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

ROOT_URLCONF = "urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",  # POST /jobs needs the X-CSRFToken header (the page sends it)
]
DATABASES: dict[str, Any] = {}
USE_TZ = True

GENVID_EMULATOR_URL = os.environ.get("GENVID_EMULATOR_URL") or None
GENVID_CALLBACK_SECRET = os.environ.get("GENVID_CALLBACK_SECRET") or None
GENVID_PUBLIC_URL = os.environ.get("GENVID_PUBLIC_URL") or None
GENVID_FAL_JWKS: dict[str, Any] | None = None
GENVID_FAL_JWKS_URL = os.environ.get("GENVID_FAL_JWKS_URL") or None
GENVID_CLIENT = None

"""The Celery app shared by the site (``web.py``) and the workers (``worker.py``).

Everything comes from the environment, so the same code runs on every machine:

    CELERY_BROKER_URL   redis://127.0.0.1:6379/0 (the broker, the result backend and the caps store)
    GENVID_JOURNAL      the job journal every worker shares: jobs.sqlite3 here by default (one machine);
                        postgresql://... for workers on several machines
    GENVID_CAPS         fleet-wide caps, e.g. luma=10,fal=20 (default: none)
    GENVID_MEDIA        where outputs are saved (default: media/ here; a shared disk for several machines)
    GENVID_EMULATOR_URL a genvid emulator instead of the real services (keys then come from the
                        usual DECART_API_KEY, FAL_KEY, LUMAAI_API_KEY, LUMA_AGENTS_API_KEY)
"""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery

import genvid.contrib.celery as genvid_celery

HERE = Path(__file__).resolve().parent
BROKER = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
MEDIA = Path(os.environ.get("GENVID_MEDIA") or HERE / "media")

app = Celery("genvid_example", broker=BROKER, backend=BROKER, include=["genvid.contrib.celery"])
genvid_celery.recommended_settings(app)
app.conf.update(
    genvid_journal=os.environ.get("GENVID_JOURNAL") or str(HERE / "jobs.sqlite3"),
    genvid_caps=os.environ.get("GENVID_CAPS") or None,
    result_expires=7 * 86400,
    broker_connection_retry_on_startup=True,
    # `python worker.py --beat` on one worker: finds jobs whose messages were lost and sets them going again.
    beat_schedule={"genvid-sweep": {"task": "genvid.sweep", "schedule": 300.0}},
)

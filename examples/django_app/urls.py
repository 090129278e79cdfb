"""URLs of the genvid Django example. Job ids (``provider:model:request_id``) may contain
``/``, hence the ``path`` converter; the ``/video`` route comes first so it wins."""

from __future__ import annotations

import views
from django.urls import path

urlpatterns = [
    path("", views.index),
    path("models", views.models),
    path("jobs", views.submit),
    path("jobs/<path:job_id>/video", views.video),
    path("jobs/<path:job_id>", views.status),
    path("webhooks/fal", views.fal_webhook_receiver),
    path("callbacks/luma", views.luma_callback_receiver),
    path("deliveries", views.deliveries),
]

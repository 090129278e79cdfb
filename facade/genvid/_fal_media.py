"""fal media inputs: which arguments are media, and uploads to fal's CDN.

Binary values anywhere in the arguments become MediaInputs, inlined as data URIs when
small or uploaded (one request, or 10 MiB parts over 100 MiB) with a cached CDN token.
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from ._exceptions import InvalidInput, remember_secret
from ._inputs import MediaInput, RewindableBody, check_media_kind, to_media

if TYPE_CHECKING:
    from ._fal import Fal

INLINE_LIMIT = 1024 * 1024  # smaller binary inputs go inline as data URIs
MULTIPART_THRESHOLD = 100 * 1024 * 1024
PART_SIZE = 10 * 1024 * 1024
# fal's convention for fields whose values are media URLs (used for apps the spec does not know)
MEDIA_SUFFIXES = ("_url",)


class Storage:
    """Uploads for one ``Fal`` client (its retry transport, deadline and TLS settings)."""

    def __init__(self, fal: Fal) -> None:
        self._fal = fal
        self._token: tuple[str, str, float] | None = None

    def upload(self, data: Any, content_type: str | None = None, file_name: str | None = None) -> str:
        """Upload bytes, a path or a binary file object; returns its URL (a URL input is returned as it is)."""
        media = to_media("file", data)
        if media.source == "url":
            return str(media.value)
        kind = content_type or media.media_type or "application/octet-stream"
        name = file_name or media.name
        size = media.size
        if size is not None and size > MULTIPART_THRESHOLD:
            return self._multipart(media, kind, name)
        return self._single(media, kind, name)

    def inline_or_upload(self, value: Any) -> Any:
        """Replace media inputs anywhere in the arguments by URLs (uploaded) or data URIs (small)."""
        if isinstance(value, MediaInput):
            if value.source == "url" or value.source == "data_uri":
                return str(value.value)
            size = value.size
            if size is not None and size <= INLINE_LIMIT:
                return value.data_uri()
            return self.upload(value)
        if isinstance(value, dict):
            return {k: self.inline_or_upload(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.inline_or_upload(v) for v in value]
        return value

    def _api(self, base_url: str) -> Any:
        """A generated client for ``base_url`` carrying the CDN upload token (fetched when near expiry)."""
        from genvid_api_fal.models import StorageToken, StorageTokenRequest

        fal = self._fal
        now = time.time()
        if self._token is None or self._token[2] - 60 < now:
            parsed = fal.call("storage_auth_token", base_url=fal.rest_url, body=StorageTokenRequest(),
                              storage_type="fal-cdn-v3", expect=StorageToken)
            raw_exp = getattr(parsed, "expires_at", None)
            expires = raw_exp.timestamp() if isinstance(raw_exp, datetime.datetime) else now + 3000
            self._token = (str(parsed.token_type), str(parsed.token), expires)
            remember_secret(self._token[1])
        token_type, token, _ = self._token
        return fal.api(base_url, token=token, prefix=token_type)

    def _single(self, media: MediaInput, kind: str, name: str) -> str:
        from genvid_api_fal.models import CdnUploadResponse
        from genvid_api_fal.types import File

        cdn = self._api(self._fal.cdn_url)
        stream = media.open()
        try:
            headers = {"Content-Type": kind}
            size = media.size
            if size is not None:
                headers["Content-Length"] = str(size)
            parsed = self._fal.call("cdn_upload", api=cdn, x_fal_file_name=name, extra_headers=headers,
                                    body=File(payload=cast(Any, RewindableBody(stream))), expect=CdnUploadResponse)
        finally:
            if media.source == "path":
                stream.close()
        return str(parsed.access_url)

    def _multipart(self, media: MediaInput, kind: str, name: str) -> str:
        from genvid_api_fal.models import (
            CdnMultipartCompleteRequest,
            CdnMultipartInitiateResponse,
            CdnMultipartPart,
        )
        from genvid_api_fal.types import File

        fal = self._fal
        init = fal.call("cdn_multipart_initiate", api=self._api(fal.cdn_url), x_fal_file_name=name,
                        extra_headers={"Content-Type": kind}, expect=CdnMultipartInitiateResponse)
        access_url, upload_id = str(init.access_url), str(init.upload_id)
        parts_api = self._api(access_url)
        parts = []
        stream = media.open()
        try:
            number = 1
            while chunk := stream.read(PART_SIZE):
                with fal.stream_call("cdn_multipart_part", upload_id, number, api=parts_api,
                                     body=File(payload=cast(Any, chunk)), extra_headers={"Content-Type": kind}) as r:
                    parts.append(CdnMultipartPart(part_number=number, etag=r.headers.get("etag", "")))
                number += 1
        finally:
            if media.source == "path":
                stream.close()
        fal.call("cdn_multipart_complete", upload_id, api=parts_api, body=CdnMultipartCompleteRequest(parts=parts))
        return access_url


def mediaize(wire: str, value: Any, common_names: bool, kinds: Mapping[str, str]) -> Any:
    """Binary values become MediaInputs (uploaded at submit); URLs stay, and so do paths unless common names.

    A field the app's schema marks as an image or a video must hold one (``kinds``).
    """
    if isinstance(value, dict):
        return {k: mediaize(k, v, common_names, {}) for k, v in value.items()}
    if isinstance(value, list):
        return [mediaize(wire, v, common_names, kinds) for v in value]
    if value is None or not (_binary(value) or wire in kinds or wire.endswith(MEDIA_SUFFIXES)):
        return value
    url = isinstance(value, str) and value.startswith(("http://", "https://", "data:"))
    if isinstance(value, str) and not (url or common_names):
        raise InvalidInput(f"{wire} must be an https:// URL or data: URI (or pass bytes / a Path to upload)",
                           field=wire)
    media = to_media(wire, value)  # checks the value (a well-formed URL, an existing file, ...)
    if wire in kinds:
        check_media_kind(media, service="fal")
    return value if url else media


def _binary(value: Any) -> bool:
    return isinstance(value, bytes | bytearray | memoryview | os.PathLike) or hasattr(value, "read")


def as_shown(value: Any) -> Any:
    """The arguments as the service will see them, local media standing in as a data URI."""
    if isinstance(value, MediaInput):
        return str(value.value) if value.source in ("url", "data_uri") else "data:application/octet-stream;base64,"
    if isinstance(value, dict):
        return {k: as_shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_shown(v) for v in value]
    return value

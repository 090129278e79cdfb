"""Luma Agents files: upload media once (multipart, or a presigned PUT up to 5 GiB), reference it by id.

``client.files`` mirrors the ``luma-agents`` SDK's resource (create, list, get, delete,
complete) and adds ``upload`` (presigned, streamed) and ``wait`` (until ``ready``).
"""

from __future__ import annotations

import builtins
import datetime
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._exceptions import DeadlineExceeded, JobFailed, MalformedResponse
from ._inputs import FileInput, RewindableBody, check_media_kind, to_media
from ._service import Pager, Resource, ServiceClient, invalid

if TYPE_CHECKING:
    from genvid_api_luma_agents.models import FileList, FileObject, FileUploadResponse


PROVIDER = "luma-agents"


class Files(Resource[ServiceClient]):
    """``client.files``: upload media once, reference it as ``{"file_id": ...}``."""

    def create(self, *, file: FileInput | None = None, extra_headers: Mapping[str, str] | None = None,
               **fields: Any) -> FileUploadResponse:
        """Create a file (``POST /files``), in one of the two modes the API has.

        With ``file`` (a path, bytes or binary file object) the bytes are streamed as a
        multipart upload (``FileUpload``'s other fields: ``purpose``, ``filename``, ...) and
        the file starts ``pending``. With ``mime_type`` and ``size_bytes`` instead
        (``FileCreate``), the answer's ``upload`` says where to PUT the bytes, then call
        ``complete(id)`` (``upload(file)`` does all three). Poll ``wait(id)`` until ``ready``.
        """
        from genvid_api_luma_agents.models import FileCreate, FileUpload, FileUploadResponse
        from genvid_api_luma_agents.types import File

        svc = self._svc
        given = {k: v for k, v in fields.items() if v is not None}
        if isinstance(given.get("expires_at"), datetime.datetime):
            given["expires_at"] = given["expires_at"].isoformat()
        if file is None:
            if "mime_type" not in given or "size_bytes" not in given:
                raise invalid(PROVIDER, "give file=, or mime_type= and size_bytes= for a presigned upload", "file")
            wire = svc._check("create_file", given, label="files.create",
                              content_type="application/json")
            created: FileUploadResponse = svc.call("create_file", body=FileCreate.from_dict(wire), submit=True,
                                                   expect=FileUploadResponse, extra_headers=extra_headers)
            return created
        for name in ("mime_type", "size_bytes"):
            if name in given:
                raise invalid(PROVIDER, "mime_type and size_bytes are for presigned uploads; with file= they are "
                              "read from the file", name)
        media = check_media_kind(to_media("file", file), service=PROVIDER)
        if media.source == "url":
            raise invalid(PROVIDER, "file is a URL; files.create uploads local content", "file",
                          hint="pass the URL itself as an ImageRef: {'url': ...}")
        wire = svc._check("create_file", {**given, "file": "<file>"}, label="files.create",
                          content_type="multipart/form-data")
        stream = media.open()
        try:
            upload = FileUpload.from_dict({**wire, "file": b""})  # the typed fields; the file part is set next
            upload.file = File(payload=stream, file_name=wire.get("filename") or media.name,  # type: ignore[arg-type]
                               mime_type=media.media_type or "application/octet-stream")
            created = svc.call("create_file", body=upload, submit=True, expect=FileUploadResponse,
                               extra_headers=extra_headers)
        finally:
            if media.source != "stream":
                stream.close()
        return created

    def upload(self, file: FileInput, **fields: Any) -> FileObject:
        """Upload a file of any size (up to 5 GiB) through a presigned PUT, streamed; returns it after ``complete``.

        The bytes go to the presigned URL without the API key. The file is ``pending`` until
        ingest ends: ``files.wait(file.id)`` returns it once ``ready``.
        """
        media = check_media_kind(to_media("file", file), service=PROVIDER)
        if media.source == "url":
            raise invalid(PROVIDER, "file is a URL; files.upload uploads local content", "file",
                          hint="pass the URL itself as an ImageRef: {'url': ...}")
        size = media.size
        if size is None:
            return self.create(file=file, **fields).file
        kind = media.media_type or "application/octet-stream"
        created = self.create(mime_type=kind, size_bytes=size, **{"filename": media.name, **fields})
        target = created.upload
        url = getattr(target, "url", None)
        if not isinstance(url, str):
            raise MalformedResponse("presigned file create answered without upload.url", service=PROVIDER,
                                    request_id=created.id)
        headers = {"Content-Type": kind, "Content-Length": str(size)}
        extra = getattr(getattr(target, "headers", None), "additional_properties", None) or {}
        headers.update({str(k): str(v) for k, v in extra.items()})
        stream = media.open()
        try:
            self._svc.media.send("PUT", url, content=RewindableBody(stream), headers=headers)
        finally:
            if media.source != "stream":
                stream.close()
        return self.complete(created.id)

    def wait(self, file_id: str, *, timeout: float | None = 300.0) -> FileObject:
        """Poll a file until it is ``ready`` (returned); ``JobFailed`` if ingest failed, ``DeadlineExceeded``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for interval in self._svc.poll.intervals():
            found = self.get(file_id)
            state = str(found.state)
            if state == "ready":
                return found
            if state in ("failed", "deleted"):
                reason = found.failure_reason if isinstance(found.failure_reason, str) else f"file is {state}"
                raise JobFailed(f"file {found.id} {state}: {reason}", failure_code=state, reason=reason, job_id=found.id,
                                service=PROVIDER, request_id=found.id)
            if deadline is not None and time.monotonic() + interval > deadline:
                raise DeadlineExceeded(f"file {found.id} was still {state} at the deadline", job_id=found.id,
                                       last_status=state, service=PROVIDER, request_id=found.id)
            time.sleep(interval)
        raise AssertionError("unreachable")

    def list(self, *, limit: int | None = None, purpose: str | None = None, state: str | None = None
             ) -> Pager[FileObject]:
        """Every file, newest first, fetched lazily page by page (iterate it; ``.pages()`` for pages)."""
        self._svc._check_params("list_files", {"limit": limit, "purpose": purpose, "state": state})

        def fetch(cursor: str | None) -> tuple[builtins.list[FileObject], str | None]:
            page = self.list_page(cursor=cursor, limit=limit, purpose=purpose, state=state)
            nxt = page.next_cursor if isinstance(page.next_cursor, str) and page.next_cursor else None
            return builtins.list(page.data), nxt if page.has_more else None

        return Pager(fetch, None, key=lambda f: f.id)

    def list_page(self, *, cursor: str | None = None, limit: int | None = None, purpose: str | None = None,
                  state: str | None = None) -> FileList:
        """One page (``GET /files``); pass ``next_cursor`` back as ``cursor``."""
        from genvid_api_luma_agents.models import FileList, FilePurpose, FileState
        from genvid_api_luma_agents.types import UNSET

        self._svc._check_params("list_files", {"cursor": cursor, "limit": limit, "purpose": purpose,
                                               "state": state})
        page: FileList = self._svc.call(
            "list_files", cursor=UNSET if cursor is None else cursor, limit=UNSET if limit is None else limit,
            purpose=UNSET if purpose is None else FilePurpose(purpose),
            state=UNSET if state is None else FileState(state), expect=FileList)
        return page

    def get(self, file_id: str) -> FileObject:
        """One file's metadata (``GET /files/{file_id}``)."""
        from genvid_api_luma_agents.models import FileObject

        ident = _file_id(file_id)
        return self._svc.fetch(FileObject, "get_file", ident, request_id=ident)

    def delete(self, file_id: str) -> None:
        """Soft-delete a file (``DELETE /files/{file_id}``)."""
        ident = _file_id(file_id)
        self._svc.call("delete_file", ident, request_id=ident)

    def complete(self, file_id: str) -> FileObject:
        """Finalise a presigned upload (``POST /files/{file_id}/complete``); ingest starts."""
        from genvid_api_luma_agents.models import FileObject

        ident = _file_id(file_id)
        return self._svc.fetch(FileObject, "complete_file", ident, request_id=ident)


def _file_id(value: object) -> str:
    ident = getattr(value, "id", value)
    if not isinstance(ident, str) or not ident.strip():
        raise invalid(PROVIDER, f"file_id must be a file id string, got {ident!r}", "file_id")
    return ident.strip()

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_purpose import FilePurpose
from ..models.file_state import FileState
from ..types import UNSET, Unset

T = TypeVar("T", bound="FileObject")


@_attrs_define
class FileObject:
    """A file in the caller's namespace."""

    id: str
    """ File identifier (a UUID string), referenced as ImageRef.file_id. """
    created_at: datetime.datetime
    """ Creation timestamp (ISO-8601). """
    mime_type: str
    """ MIME type of the stored bytes (for example, image/jpeg). """
    purpose: FilePurpose
    """ How the file is intended to be used in a generation. `input` is the primary subject (e.g. the source image
    for an edit); `reference` is style/content guidance. """
    size_bytes: int
    """ Size of the stored object in bytes. """
    state: FileState
    """ Lifecycle state of an uploaded file. `pending` until bytes are received and the ingest pipeline runs;
    `ready` once it can be referenced from a generation; `failed` if ingest/moderation rejected it; `deleted` after
    a soft-delete. """
    deleted_at: datetime.datetime | None | Unset = UNSET
    """ Soft-delete timestamp, if the file was deleted. """
    expires_at: datetime.datetime | None | Unset = UNSET
    """ TTL set at upload, if any. After this time Luma may automatically delete the file. """
    failure_reason: None | str | Unset = UNSET
    """ Human-readable reason when state is failed. """
    filename: None | str | Unset = UNSET
    """ Original filename supplied at upload, if any. """
    user_id: None | str | Unset = UNSET
    """ The opaque end-user tag supplied at upload, echoed back unchanged (abuse attribution only; not access
    control). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        created_at = self.created_at.isoformat()

        mime_type = self.mime_type

        purpose = self.purpose.value

        size_bytes = self.size_bytes

        state = self.state.value

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        failure_reason: None | str | Unset
        if isinstance(self.failure_reason, Unset):
            failure_reason = UNSET
        else:
            failure_reason = self.failure_reason

        filename: None | str | Unset
        if isinstance(self.filename, Unset):
            filename = UNSET
        else:
            filename = self.filename

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "created_at": created_at,
                "mime_type": mime_type,
                "purpose": purpose,
                "size_bytes": size_bytes,
                "state": state,
            }
        )
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if failure_reason is not UNSET:
            field_dict["failure_reason"] = failure_reason
        if filename is not UNSET:
            field_dict["filename"] = filename
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        mime_type = d.pop("mime_type")

        purpose = FilePurpose(d.pop("purpose"))

        size_bytes = d.pop("size_bytes")

        state = FileState(d.pop("state"))

        def _parse_deleted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at", UNSET))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_failure_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason", UNSET))

        def _parse_filename(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        filename = _parse_filename(d.pop("filename", UNSET))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        file_object = cls(
            id=id,
            created_at=created_at,
            mime_type=mime_type,
            purpose=purpose,
            size_bytes=size_bytes,
            state=state,
            deleted_at=deleted_at,
            expires_at=expires_at,
            failure_reason=failure_reason,
            filename=filename,
            user_id=user_id,
        )

        file_object.additional_properties = d
        return file_object

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

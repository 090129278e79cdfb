from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.file_ttl_persistent import FileTtlPersistent
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="FileUploadRequest")


@_attrs_define
class FileUploadRequest:
    """Multipart body of a file upload."""

    file: File
    """ The file to store (any filename and part Content-Type). """
    ttl_seconds: FileTtlPersistent | int | Unset = UNSET
    """ Lifetime of the file in seconds, 60 to 2592000 (30 days), or the literal
    `persistent` for a file that never expires. Without it (and without `persistent`)
    the platform default applies (24 hours at the time of writing).
     """
    persistent: bool | Unset = UNSET
    """ When true, the file never expires (same effect as `ttl_seconds=persistent`). Server default false. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        ttl_seconds: int | str | Unset
        if isinstance(self.ttl_seconds, Unset):
            ttl_seconds = UNSET
        elif isinstance(self.ttl_seconds, FileTtlPersistent):
            ttl_seconds = self.ttl_seconds.value
        else:
            ttl_seconds = self.ttl_seconds

        persistent = self.persistent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if ttl_seconds is not UNSET:
            field_dict["ttl_seconds"] = ttl_seconds
        if persistent is not UNSET:
            field_dict["persistent"] = persistent

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.ttl_seconds, Unset):
            if isinstance(self.ttl_seconds, FileTtlPersistent):
                files.append(("ttl_seconds", (None, str(self.ttl_seconds.value).encode(), "text/plain")))
            else:
                files.append(("ttl_seconds", (None, str(self.ttl_seconds).encode(), "text/plain")))

        if not isinstance(self.persistent, Unset):
            files.append(("persistent", (None, b"true" if self.persistent else b"false", "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        def _parse_ttl_seconds(data: object) -> FileTtlPersistent | int | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ttl_seconds_type_0 = FileTtlPersistent(data)

                return ttl_seconds_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileTtlPersistent | int | Unset, data)

        ttl_seconds = _parse_ttl_seconds(d.pop("ttl_seconds", UNSET))

        persistent = d.pop("persistent", UNSET)

        file_upload_request = cls(
            file=file,
            ttl_seconds=ttl_seconds,
            persistent=persistent,
        )

        file_upload_request.additional_properties = d
        return file_upload_request

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

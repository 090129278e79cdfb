from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_purpose import FilePurpose
from ..types import UNSET, Unset

T = TypeVar("T", bound="FileCreate")


@_attrs_define
class FileCreate:
    """JSON body requesting a presigned upload; PUT the bytes to the returned upload.url, then call complete_file."""

    mime_type: str
    """ MIME type of the bytes you will upload (for example, image/jpeg or video/mp4). """
    size_bytes: int
    """ Exact size in bytes of the object you will PUT. Up to 5 GiB (5368709120 bytes, the S3 single-PUT ceiling).
    """
    filename: str | Unset = UNSET
    """ Optional original filename to record. """
    purpose: FilePurpose | Unset = UNSET
    """ How the file is intended to be used in a generation. `input` is the primary subject (e.g. the source image
    for an edit); `reference` is style/content guidance. """
    expires_at: datetime.datetime | Unset = UNSET
    """ Optional TTL (ISO-8601). After this time Luma may automatically delete the file and reclaim its bytes. """
    user_id: str | Unset = UNSET
    """ Optional opaque end-user tag for abuse attribution; mirrors user_id on POST /generations. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mime_type = self.mime_type

        size_bytes = self.size_bytes

        filename = self.filename

        purpose: str | Unset = UNSET
        if not isinstance(self.purpose, Unset):
            purpose = self.purpose.value

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mime_type": mime_type,
                "size_bytes": size_bytes,
            }
        )
        if filename is not UNSET:
            field_dict["filename"] = filename
        if purpose is not UNSET:
            field_dict["purpose"] = purpose
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mime_type = d.pop("mime_type")

        size_bytes = d.pop("size_bytes")

        filename = d.pop("filename", UNSET)

        _purpose = d.pop("purpose", UNSET)
        purpose: FilePurpose | Unset
        if isinstance(_purpose, Unset):
            purpose = UNSET
        else:
            purpose = FilePurpose(_purpose)

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        user_id = d.pop("user_id", UNSET)

        file_create = cls(
            mime_type=mime_type,
            size_bytes=size_bytes,
            filename=filename,
            purpose=purpose,
            expires_at=expires_at,
            user_id=user_id,
        )

        file_create.additional_properties = d
        return file_create

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

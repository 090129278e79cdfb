from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.presigned_upload_headers import PresignedUploadHeaders


T = TypeVar("T", bound="PresignedUpload")


@_attrs_define
class PresignedUpload:
    """Where to PUT the file bytes for a presigned (JSON) upload. Issue an HTTP PUT of the raw bytes to url with the given
    headers, then call POST /files/{file_id}/complete.

    """

    url: str
    """ Presigned URL to PUT the bytes to. """
    method: str
    """ HTTP method to use for the upload; always PUT. """
    expires_at: datetime.datetime
    """ When the presigned URL expires. """
    headers: PresignedUploadHeaders | Unset = UNSET
    """ Headers that must be sent with the PUT request (header name to value). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        method = self.method

        expires_at = self.expires_at.isoformat()

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
                "method": method,
                "expires_at": expires_at,
            }
        )
        if headers is not UNSET:
            field_dict["headers"] = headers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.presigned_upload_headers import PresignedUploadHeaders  # noqa: PLC0415

        d = dict(src_dict)
        url = d.pop("url")

        method = d.pop("method")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        _headers = d.pop("headers", UNSET)
        headers: PresignedUploadHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = PresignedUploadHeaders.from_dict(_headers)

        presigned_upload = cls(
            url=url,
            method=method,
            expires_at=expires_at,
            headers=headers,
        )

        presigned_upload.additional_properties = d
        return presigned_upload

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

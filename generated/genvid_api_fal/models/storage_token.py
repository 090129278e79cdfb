from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StorageToken")


@_attrs_define
class StorageToken:
    """A short-lived token for CDN uploads."""

    token: str
    """ The token value, sent as `Authorization: <token_type> <token>`. """
    token_type: str
    """ Authorization scheme to prefix the token with (e.g. `Bearer`). """
    base_url: str
    """ CDN base URL for multipart uploads, e.g. `https://v3.fal.media`. """
    expires_at: datetime.datetime
    """ Expiry time (ISO-8601); refresh the token after it. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        token_type = self.token_type

        base_url = self.base_url

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
                "token_type": token_type,
                "base_url": base_url,
                "expires_at": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        token = d.pop("token")

        token_type = d.pop("token_type")

        base_url = d.pop("base_url")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        storage_token = cls(
            token=token,
            token_type=token_type,
            base_url=base_url,
            expires_at=expires_at,
        )

        storage_token.additional_properties = d
        return storage_token

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

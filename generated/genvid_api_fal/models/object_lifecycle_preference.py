from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.object_acl import ObjectAcl


T = TypeVar("T", bound="ObjectLifecyclePreference")


@_attrs_define
class ObjectLifecyclePreference:
    """Lifecycle of stored files, sent as JSON text in `X-Fal-Object-Lifecycle-Preference`."""

    expiration_duration_seconds: int | Unset = UNSET
    """ Seconds after which the files expire. The Python client maps `immediate` to 60, `1h` to 3600, `1d` to 86400,
    `7d`, `30d` and `1y` likewise; omit for the server default (no expiry). """
    initial_acl: ObjectAcl | Unset = UNSET
    """ Access-control list of stored files. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expiration_duration_seconds = self.expiration_duration_seconds

        initial_acl: dict[str, Any] | Unset = UNSET
        if not isinstance(self.initial_acl, Unset):
            initial_acl = self.initial_acl.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if expiration_duration_seconds is not UNSET:
            field_dict["expiration_duration_seconds"] = expiration_duration_seconds
        if initial_acl is not UNSET:
            field_dict["initial_acl"] = initial_acl

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.object_acl import ObjectAcl  # noqa: PLC0415

        d = dict(src_dict)
        expiration_duration_seconds = d.pop("expiration_duration_seconds", UNSET)

        _initial_acl = d.pop("initial_acl", UNSET)
        initial_acl: ObjectAcl | Unset
        if isinstance(_initial_acl, Unset):
            initial_acl = UNSET
        else:
            initial_acl = ObjectAcl.from_dict(_initial_acl)

        object_lifecycle_preference = cls(
            expiration_duration_seconds=expiration_duration_seconds,
            initial_acl=initial_acl,
        )

        object_lifecycle_preference.additional_properties = d
        return object_lifecycle_preference

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

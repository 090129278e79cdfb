from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="NormalsControl")


@_attrs_define
class NormalsControl:
    """Surface-normals conditioning control."""

    enabled: bool | Unset = UNSET
    """ Enable or disable normals conditioning. Omit to use the model default. """
    augmentation: float | Unset = UNSET
    """ Surface-normals augmentation from 0 to 1. Higher values allow more reinterpretation of surface geometry. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        augmentation = self.augmentation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if augmentation is not UNSET:
            field_dict["augmentation"] = augmentation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        augmentation = d.pop("augmentation", UNSET)

        normals_control = cls(
            enabled=enabled,
            augmentation=augmentation,
        )

        normals_control.additional_properties = d
        return normals_control

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

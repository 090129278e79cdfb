from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GenerationOutputLayer")


@_attrs_define
class GenerationOutputLayer:
    """Per-layer semantics for a type=layering output. The SDK of record always receives all four fields; they are optional
    here so that a layer with a missing field still parses.

    """

    index: int | Unset = UNSET
    """ Layer position, front-to-back; the last layer is the background. """
    label: str | Unset = UNSET
    """ Short (1-2 word) layer name. """
    description: str | Unset = UNSET
    """ Complete-element caption for the layer's content. """
    alpha_hint: str | Unset = UNSET
    """ Edge treatment of the layer's transparency. Known values: soft (hair/fur/glass), hard (solid edges), none
    (the opaque background). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        label = self.label

        description = self.description

        alpha_hint = self.alpha_hint

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if index is not UNSET:
            field_dict["index"] = index
        if label is not UNSET:
            field_dict["label"] = label
        if description is not UNSET:
            field_dict["description"] = description
        if alpha_hint is not UNSET:
            field_dict["alpha_hint"] = alpha_hint

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index", UNSET)

        label = d.pop("label", UNSET)

        description = d.pop("description", UNSET)

        alpha_hint = d.pop("alpha_hint", UNSET)

        generation_output_layer = cls(
            index=index,
            label=label,
            description=description,
            alpha_hint=alpha_hint,
        )

        generation_output_layer.additional_properties = d
        return generation_output_layer

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

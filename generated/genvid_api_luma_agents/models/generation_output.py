from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generation_output_layer import GenerationOutputLayer


T = TypeVar("T", bound="GenerationOutput")


@_attrs_define
class GenerationOutput:
    """A single generated output."""

    type_: str
    """ Media type of the output (e.g. image, video). """
    url: str
    """ Presigned download URL (expires after 1 hour). """
    layer: GenerationOutputLayer | Unset = UNSET
    """ Per-layer semantics for a type=layering output. The SDK of record always receives all four fields; they are
    optional here so that a layer with a missing field still parses. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        url = self.url

        layer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.layer, Unset):
            layer = self.layer.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "url": url,
            }
        )
        if layer is not UNSET:
            field_dict["layer"] = layer

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.generation_output_layer import GenerationOutputLayer  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        url = d.pop("url")

        _layer = d.pop("layer", UNSET)
        layer: GenerationOutputLayer | Unset
        if isinstance(_layer, Unset):
            layer = UNSET
        else:
            layer = GenerationOutputLayer.from_dict(_layer)

        generation_output = cls(
            type_=type_,
            url=url,
            layer=layer,
        )

        generation_output.additional_properties = d
        return generation_output

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

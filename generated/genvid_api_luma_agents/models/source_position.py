from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SourcePosition")


@_attrs_define
class SourcePosition:
    """Normalized source rectangle inside the output canvas for video_reframe. Omit to let the model choose the default
    centered-fit crop.

    """

    x_norm: float
    """ Left edge of the source rectangle, as a fraction of canvas width. May be negative when the source extends
    off-canvas. """
    y_norm: float
    """ Top edge of the source rectangle, as a fraction of canvas height. May be negative when the source extends
    off-canvas. """
    w_norm: float
    """ Source rectangle width, as a fraction of canvas width. Up to 2.0 so the source can bleed off-canvas. """
    h_norm: float
    """ Source rectangle height, as a fraction of canvas height. Up to 2.0 so the source can bleed off-canvas. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        x_norm = self.x_norm

        y_norm = self.y_norm

        w_norm = self.w_norm

        h_norm = self.h_norm

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "x_norm": x_norm,
                "y_norm": y_norm,
                "w_norm": w_norm,
                "h_norm": h_norm,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        x_norm = d.pop("x_norm")

        y_norm = d.pop("y_norm")

        w_norm = d.pop("w_norm")

        h_norm = d.pop("h_norm")

        source_position = cls(
            x_norm=x_norm,
            y_norm=y_norm,
            w_norm=w_norm,
            h_norm=h_norm,
        )

        source_position.additional_properties = d
        return source_position

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

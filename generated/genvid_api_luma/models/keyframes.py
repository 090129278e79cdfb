from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generation_keyframe import GenerationKeyframe
    from ..models.image_keyframe import ImageKeyframe


T = TypeVar("T", bound="Keyframes")


@_attrs_define
class Keyframes:
    """Start (`frame0`) and/or end (`frame1`) frame. An `image` keyframe gives
    image-to-video; a `generation` keyframe extends (frame0) or reverse-extends
    (frame1) a completed generation; two `generation` keyframes interpolate between
    them. At least one frame must be set when the object is sent.

    """

    frame0: GenerationKeyframe | ImageKeyframe | None | Unset = UNSET
    """ Start frame (null means none). """
    frame1: GenerationKeyframe | ImageKeyframe | None | Unset = UNSET
    """ End frame (null means none). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.generation_keyframe import GenerationKeyframe  # noqa: PLC0415
        from ..models.image_keyframe import ImageKeyframe  # noqa: PLC0415

        frame0: dict[str, Any] | None | Unset
        if isinstance(self.frame0, Unset):
            frame0 = UNSET
        elif isinstance(self.frame0, ImageKeyframe):
            frame0 = self.frame0.to_dict()
        elif isinstance(self.frame0, GenerationKeyframe):
            frame0 = self.frame0.to_dict()
        else:
            frame0 = self.frame0

        frame1: dict[str, Any] | None | Unset
        if isinstance(self.frame1, Unset):
            frame1 = UNSET
        elif isinstance(self.frame1, ImageKeyframe):
            frame1 = self.frame1.to_dict()
        elif isinstance(self.frame1, GenerationKeyframe):
            frame1 = self.frame1.to_dict()
        else:
            frame1 = self.frame1

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if frame0 is not UNSET:
            field_dict["frame0"] = frame0
        if frame1 is not UNSET:
            field_dict["frame1"] = frame1

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.generation_keyframe import GenerationKeyframe  # noqa: PLC0415
        from ..models.image_keyframe import ImageKeyframe  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_frame0(data: object) -> GenerationKeyframe | ImageKeyframe | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                frame0_type_0 = ImageKeyframe.from_dict(data)

                return frame0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                frame0_type_1 = GenerationKeyframe.from_dict(data)

                return frame0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GenerationKeyframe | ImageKeyframe | None | Unset, data)

        frame0 = _parse_frame0(d.pop("frame0", UNSET))

        def _parse_frame1(data: object) -> GenerationKeyframe | ImageKeyframe | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                frame1_type_0 = ImageKeyframe.from_dict(data)

                return frame1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                frame1_type_1 = GenerationKeyframe.from_dict(data)

                return frame1_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GenerationKeyframe | ImageKeyframe | None | Unset, data)

        frame1 = _parse_frame1(d.pop("frame1", UNSET))

        keyframes = cls(
            frame0=frame0,
            frame1=frame1,
        )

        keyframes.additional_properties = d
        return keyframes

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

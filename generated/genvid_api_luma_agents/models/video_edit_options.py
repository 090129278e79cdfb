from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.video_edit_strength import VideoEditStrength
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.advanced_controls import AdvancedControls
    from ..models.image_ref_data import ImageRefData
    from ..models.image_ref_file import ImageRefFile
    from ..models.image_ref_generation import ImageRefGeneration
    from ..models.image_ref_url import ImageRefUrl


T = TypeVar("T", bound="VideoEditOptions")


@_attrs_define
class VideoEditOptions:
    """Ray 3.2 video-to-video edit controls. Only valid under video.edit when type is video_edit. The source video must be
    18 seconds or shorter; output duration matches the source.

    """

    strength: VideoEditStrength | Unset = UNSET
    """ How much a video edit preserves (adhere) or reimagines the source; 1 to 3 within each band. """
    auto_controls: bool | Unset = UNSET
    """ When true, the model derives the control schedule from the source video. When omitted, supplying strength or
    controls implies manual mode. """
    controls: AdvancedControls | Unset = UNSET
    """ Per-signal manual conditioning controls for video edits. Omitted signals use the model default. """
    keyframes: list[ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl] | Unset = UNSET
    """ Multi-anchor guide-frame images at arbitrary source-frame positions (parallel with keyframe_indexes). Up to
    64 anchors. Mutually exclusive with video.start_frame (the single-anchor case). Each entry takes the same
    ImageRef shape as source / image_ref[]. """
    keyframe_indexes: list[int] | Unset = UNSET
    """ Parallel list of non-negative, unique frame positions in the source video's frame grid where each
    keyframes[i] is anchored. Must match keyframes in length. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.image_ref_data import ImageRefData  # noqa: PLC0415
        from ..models.image_ref_generation import ImageRefGeneration  # noqa: PLC0415
        from ..models.image_ref_url import ImageRefUrl  # noqa: PLC0415

        strength: str | Unset = UNSET
        if not isinstance(self.strength, Unset):
            strength = self.strength.value

        auto_controls = self.auto_controls

        controls: dict[str, Any] | Unset = UNSET
        if not isinstance(self.controls, Unset):
            controls = self.controls.to_dict()

        keyframes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.keyframes, Unset):
            keyframes = []
            for keyframes_item_data in self.keyframes:
                keyframes_item: dict[str, Any]
                if isinstance(keyframes_item_data, ImageRefUrl):
                    keyframes_item = keyframes_item_data.to_dict()
                elif isinstance(keyframes_item_data, ImageRefData):
                    keyframes_item = keyframes_item_data.to_dict()
                elif isinstance(keyframes_item_data, ImageRefGeneration):
                    keyframes_item = keyframes_item_data.to_dict()
                else:
                    keyframes_item = keyframes_item_data.to_dict()

                keyframes.append(keyframes_item)

        keyframe_indexes: list[int] | Unset = UNSET
        if not isinstance(self.keyframe_indexes, Unset):
            keyframe_indexes = self.keyframe_indexes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if strength is not UNSET:
            field_dict["strength"] = strength
        if auto_controls is not UNSET:
            field_dict["auto_controls"] = auto_controls
        if controls is not UNSET:
            field_dict["controls"] = controls
        if keyframes is not UNSET:
            field_dict["keyframes"] = keyframes
        if keyframe_indexes is not UNSET:
            field_dict["keyframe_indexes"] = keyframe_indexes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.advanced_controls import AdvancedControls  # noqa: PLC0415
        from ..models.image_ref_data import ImageRefData  # noqa: PLC0415
        from ..models.image_ref_file import ImageRefFile  # noqa: PLC0415
        from ..models.image_ref_generation import ImageRefGeneration  # noqa: PLC0415
        from ..models.image_ref_url import ImageRefUrl  # noqa: PLC0415

        d = dict(src_dict)
        _strength = d.pop("strength", UNSET)
        strength: VideoEditStrength | Unset
        if isinstance(_strength, Unset):
            strength = UNSET
        else:
            strength = VideoEditStrength(_strength)

        auto_controls = d.pop("auto_controls", UNSET)

        _controls = d.pop("controls", UNSET)
        controls: AdvancedControls | Unset
        if isinstance(_controls, Unset):
            controls = UNSET
        else:
            controls = AdvancedControls.from_dict(_controls)

        _keyframes = d.pop("keyframes", UNSET)
        keyframes: list[ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl] | Unset = UNSET
        if _keyframes is not UNSET:
            keyframes = []
            for keyframes_item_data in _keyframes:

                def _parse_keyframes_item(
                    data: object,
                ) -> ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_image_ref_type_0 = ImageRefUrl.from_dict(data)

                        return componentsschemas_image_ref_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_image_ref_type_1 = ImageRefData.from_dict(data)

                        return componentsschemas_image_ref_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_image_ref_type_2 = ImageRefGeneration.from_dict(data)

                        return componentsschemas_image_ref_type_2
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_image_ref_type_3 = ImageRefFile.from_dict(data)

                    return componentsschemas_image_ref_type_3

                keyframes_item = _parse_keyframes_item(keyframes_item_data)

                keyframes.append(keyframes_item)

        keyframe_indexes = cast(list[int], d.pop("keyframe_indexes", UNSET))

        video_edit_options = cls(
            strength=strength,
            auto_controls=auto_controls,
            controls=controls,
            keyframes=keyframes,
            keyframe_indexes=keyframe_indexes,
        )

        video_edit_options.additional_properties = d
        return video_edit_options

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.video_duration import VideoDuration
from ..models.video_resolution import VideoResolution
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.image_ref_data import ImageRefData
    from ..models.image_ref_file import ImageRefFile
    from ..models.image_ref_generation import ImageRefGeneration
    from ..models.image_ref_url import ImageRefUrl
    from ..models.source_position import SourcePosition
    from ..models.video_edit_options import VideoEditOptions


T = TypeVar("T", bound="VideoOptions")


@_attrs_define
class VideoOptions:
    """Ray 3.2 video request options. Common output settings live at the top level for type=video, type=video_edit, and
    type=video_reframe; video-to-video conditioning lives under edit.

    """

    duration: VideoDuration | Unset = UNSET
    """ Video duration. """
    resolution: VideoResolution | Unset = UNSET
    """ Ray 3.2 video output resolution. 360p is the draft tier (fast, low-cost previews), accepted on type=video,
    video_edit, and video_reframe; on type=video it is SDR-only (not valid with hdr=true). 1080p is public for video
    generation; video_reframe 1080p is still rolling out and may return a coming-soon validation error until enabled
    for the caller. """
    hdr: bool | Unset = UNSET
    """ Generate HDR video. Requires HDR access. Not supported for video_reframe. """
    exr_export: bool | Unset = UNSET
    """ Export EXR alongside the MP4. Requires hdr=true. """
    loop: bool | Unset = UNSET
    """ Generate a seamlessly looping video. Only valid for type=video; not supported with duration=10s or hdr=true.
    """
    start_frame: ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl | Unset = UNSET
    """ Media reference for guided generation. Provide exactly one of url, inline base64 data, generation_id, or
    file_id, plus media_type where needed. URL/data references accept image media at image positions; video_edit and
    video_reframe sources also accept source.url or source.data when source.media_type is a video/* MIME.
    generation_id chains image_edit off a prior image output, video_edit/video_reframe off a prior video output, and
    video.start_frame/end_frame for extension. file_id references a file previously uploaded via POST /files. """
    end_frame: ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl | Unset = UNSET
    """ Media reference for guided generation. Provide exactly one of url, inline base64 data, generation_id, or
    file_id, plus media_type where needed. URL/data references accept image media at image positions; video_edit and
    video_reframe sources also accept source.url or source.data when source.media_type is a video/* MIME.
    generation_id chains image_edit off a prior image output, video_edit/video_reframe off a prior video output, and
    video.start_frame/end_frame for extension. file_id references a file previously uploaded via POST /files. """
    keyframes: list[ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl] | Unset = UNSET
    """ Image-to-video guide frames (type=video only), each pinned to an output-frame position via the parallel
    keyframe_indexes. 1-64 anchors: a single anchor is a valid start-pinned i2v (an alternate to start_frame), and
    any count up to 64 places guide frames at arbitrary positions. Unlike start_frame/end_frame (the legacy 2-frame
    surface), this supports arbitrary positions, 10s durations, and HDR. Mutually exclusive with start_frame /
    end_frame / loop. Only supported on model ray-3.2. For video-to-video keyframes use video.edit.keyframes on
    type=video_edit instead. """
    keyframe_indexes: list[int] | Unset = UNSET
    """ Parallel list of non-negative, unique output-frame positions where each keyframes[i] is anchored, in the
    duration x 24fps grid (5s -> 0..120, 10s -> 0..240). Must match keyframes in length. """
    source_position: SourcePosition | Unset = UNSET
    """ Normalized source rectangle inside the output canvas for video_reframe. Omit to let the model choose the
    default centered-fit crop. """
    edit: VideoEditOptions | Unset = UNSET
    """ Ray 3.2 video-to-video edit controls. Only valid under video.edit when type is video_edit. The source video
    must be 18 seconds or shorter; output duration matches the source. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.image_ref_data import ImageRefData  # noqa: PLC0415
        from ..models.image_ref_generation import ImageRefGeneration  # noqa: PLC0415
        from ..models.image_ref_url import ImageRefUrl  # noqa: PLC0415

        duration: str | Unset = UNSET
        if not isinstance(self.duration, Unset):
            duration = self.duration.value

        resolution: str | Unset = UNSET
        if not isinstance(self.resolution, Unset):
            resolution = self.resolution.value

        hdr = self.hdr

        exr_export = self.exr_export

        loop = self.loop

        start_frame: dict[str, Any] | Unset
        if isinstance(self.start_frame, Unset):
            start_frame = UNSET
        elif isinstance(self.start_frame, ImageRefUrl):
            start_frame = self.start_frame.to_dict()
        elif isinstance(self.start_frame, ImageRefData):
            start_frame = self.start_frame.to_dict()
        elif isinstance(self.start_frame, ImageRefGeneration):
            start_frame = self.start_frame.to_dict()
        else:
            start_frame = self.start_frame.to_dict()

        end_frame: dict[str, Any] | Unset
        if isinstance(self.end_frame, Unset):
            end_frame = UNSET
        elif isinstance(self.end_frame, ImageRefUrl):
            end_frame = self.end_frame.to_dict()
        elif isinstance(self.end_frame, ImageRefData):
            end_frame = self.end_frame.to_dict()
        elif isinstance(self.end_frame, ImageRefGeneration):
            end_frame = self.end_frame.to_dict()
        else:
            end_frame = self.end_frame.to_dict()

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

        source_position: dict[str, Any] | Unset = UNSET
        if not isinstance(self.source_position, Unset):
            source_position = self.source_position.to_dict()

        edit: dict[str, Any] | Unset = UNSET
        if not isinstance(self.edit, Unset):
            edit = self.edit.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if duration is not UNSET:
            field_dict["duration"] = duration
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if hdr is not UNSET:
            field_dict["hdr"] = hdr
        if exr_export is not UNSET:
            field_dict["exr_export"] = exr_export
        if loop is not UNSET:
            field_dict["loop"] = loop
        if start_frame is not UNSET:
            field_dict["start_frame"] = start_frame
        if end_frame is not UNSET:
            field_dict["end_frame"] = end_frame
        if keyframes is not UNSET:
            field_dict["keyframes"] = keyframes
        if keyframe_indexes is not UNSET:
            field_dict["keyframe_indexes"] = keyframe_indexes
        if source_position is not UNSET:
            field_dict["source_position"] = source_position
        if edit is not UNSET:
            field_dict["edit"] = edit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_ref_data import ImageRefData  # noqa: PLC0415
        from ..models.image_ref_file import ImageRefFile  # noqa: PLC0415
        from ..models.image_ref_generation import ImageRefGeneration  # noqa: PLC0415
        from ..models.image_ref_url import ImageRefUrl  # noqa: PLC0415
        from ..models.source_position import SourcePosition  # noqa: PLC0415
        from ..models.video_edit_options import VideoEditOptions  # noqa: PLC0415

        d = dict(src_dict)
        _duration = d.pop("duration", UNSET)
        duration: VideoDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = VideoDuration(_duration)

        _resolution = d.pop("resolution", UNSET)
        resolution: VideoResolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = VideoResolution(_resolution)

        hdr = d.pop("hdr", UNSET)

        exr_export = d.pop("exr_export", UNSET)

        loop = d.pop("loop", UNSET)

        def _parse_start_frame(data: object) -> ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl | Unset:
            if isinstance(data, Unset):
                return data
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

        start_frame = _parse_start_frame(d.pop("start_frame", UNSET))

        def _parse_end_frame(data: object) -> ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl | Unset:
            if isinstance(data, Unset):
                return data
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

        end_frame = _parse_end_frame(d.pop("end_frame", UNSET))

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

        _source_position = d.pop("source_position", UNSET)
        source_position: SourcePosition | Unset
        if isinstance(_source_position, Unset):
            source_position = UNSET
        else:
            source_position = SourcePosition.from_dict(_source_position)

        _edit = d.pop("edit", UNSET)
        edit: VideoEditOptions | Unset
        if isinstance(_edit, Unset):
            edit = UNSET
        else:
            edit = VideoEditOptions.from_dict(_edit)

        video_options = cls(
            duration=duration,
            resolution=resolution,
            hdr=hdr,
            exr_export=exr_export,
            loop=loop,
            start_frame=start_frame,
            end_frame=end_frame,
            keyframes=keyframes,
            keyframe_indexes=keyframe_indexes,
            source_position=source_position,
            edit=edit,
        )

        video_options.additional_properties = d
        return video_options

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

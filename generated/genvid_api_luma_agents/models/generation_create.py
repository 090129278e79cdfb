from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.aspect_ratio import AspectRatio
from ..models.generation_type import GenerationType
from ..models.model import Model
from ..models.output_format import OutputFormat
from ..models.style import Style
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.image_ref_data import ImageRefData
    from ..models.image_ref_file import ImageRefFile
    from ..models.image_ref_generation import ImageRefGeneration
    from ..models.image_ref_url import ImageRefUrl
    from ..models.layering_options import LayeringOptions
    from ..models.video_options import VideoOptions


T = TypeVar("T", bound="GenerationCreate")


@_attrs_define
class GenerationCreate:
    """Body of POST /generations. Only prompt is required; the server applies its own defaults for every omitted field."""

    prompt: str
    """ Text prompt, 1 to 6000 characters. """
    model: Model | Unset = UNSET
    """ Model identifier. uni-1 is the default image tier; uni-1-max produces higher-quality output than uni-1 at a
    higher per-image price. ray-3.2 is the public video model for text-to-video, image-to-video, and video-to-video
    editing. """
    type_: GenerationType | Unset = UNSET
    """ The kind of generation to perform. image and image_edit (edit of `source`) and layering (decompose into
    layers) use uni-1/uni-1-max; video, video_edit and video_reframe use ray-3.2. """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Output aspect ratio (width:height). The server accepts only the subset valid for the chosen model and type.
    """
    image_ref: list[ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl] | Unset = UNSET
    """ Reference images for style/content guidance (Uni-1 models). Up to 9 for type image, up to 8 for type
    image_edit. """
    source: ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl | Unset = UNSET
    """ Media reference for guided generation. Provide exactly one of url, inline base64 data, generation_id, or
    file_id, plus media_type where needed. URL/data references accept image media at image positions; video_edit and
    video_reframe sources also accept source.url or source.data when source.media_type is a video/* MIME.
    generation_id chains image_edit off a prior image output, video_edit/video_reframe off a prior video output, and
    video.start_frame/end_frame for extension. file_id references a file previously uploaded via POST /files. """
    output_format: OutputFormat | Unset = UNSET
    """ Output image format (image models). """
    style: Style | Unset = UNSET
    """ Style preset (auto, manga) for image models. """
    web_search: bool | Unset = UNSET
    """ Enable web search grounding; the agent can search the web and download reference images before generating.
    """
    user_id: str | Unset = UNSET
    """ Your end-user's stable opaque identifier (no PII), at most 256 characters. Forwarded to upstream model
    providers for trust & safety attribution and used for per-end-user usage breakdowns. """
    layering: LayeringOptions | Unset = UNSET
    """ Options for type=layering (decompose an image into front-to-back layers with transparency). """
    video: VideoOptions | Unset = UNSET
    """ Ray 3.2 video request options. Common output settings live at the top level for type=video, type=video_edit,
    and type=video_reframe; video-to-video conditioning lives under edit. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.image_ref_data import ImageRefData  # noqa: PLC0415
        from ..models.image_ref_generation import ImageRefGeneration  # noqa: PLC0415
        from ..models.image_ref_url import ImageRefUrl  # noqa: PLC0415

        prompt = self.prompt

        model: str | Unset = UNSET
        if not isinstance(self.model, Unset):
            model = self.model.value

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value

        image_ref: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.image_ref, Unset):
            image_ref = []
            for image_ref_item_data in self.image_ref:
                image_ref_item: dict[str, Any]
                if isinstance(image_ref_item_data, ImageRefUrl):
                    image_ref_item = image_ref_item_data.to_dict()
                elif isinstance(image_ref_item_data, ImageRefData):
                    image_ref_item = image_ref_item_data.to_dict()
                elif isinstance(image_ref_item_data, ImageRefGeneration):
                    image_ref_item = image_ref_item_data.to_dict()
                else:
                    image_ref_item = image_ref_item_data.to_dict()

                image_ref.append(image_ref_item)

        source: dict[str, Any] | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, ImageRefUrl):
            source = self.source.to_dict()
        elif isinstance(self.source, ImageRefData):
            source = self.source.to_dict()
        elif isinstance(self.source, ImageRefGeneration):
            source = self.source.to_dict()
        else:
            source = self.source.to_dict()

        output_format: str | Unset = UNSET
        if not isinstance(self.output_format, Unset):
            output_format = self.output_format.value

        style: str | Unset = UNSET
        if not isinstance(self.style, Unset):
            style = self.style.value

        web_search = self.web_search

        user_id = self.user_id

        layering: dict[str, Any] | Unset = UNSET
        if not isinstance(self.layering, Unset):
            layering = self.layering.to_dict()

        video: dict[str, Any] | Unset = UNSET
        if not isinstance(self.video, Unset):
            video = self.video.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model
        if type_ is not UNSET:
            field_dict["type"] = type_
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if image_ref is not UNSET:
            field_dict["image_ref"] = image_ref
        if source is not UNSET:
            field_dict["source"] = source
        if output_format is not UNSET:
            field_dict["output_format"] = output_format
        if style is not UNSET:
            field_dict["style"] = style
        if web_search is not UNSET:
            field_dict["web_search"] = web_search
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if layering is not UNSET:
            field_dict["layering"] = layering
        if video is not UNSET:
            field_dict["video"] = video

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_ref_data import ImageRefData  # noqa: PLC0415
        from ..models.image_ref_file import ImageRefFile  # noqa: PLC0415
        from ..models.image_ref_generation import ImageRefGeneration  # noqa: PLC0415
        from ..models.image_ref_url import ImageRefUrl  # noqa: PLC0415
        from ..models.layering_options import LayeringOptions  # noqa: PLC0415
        from ..models.video_options import VideoOptions  # noqa: PLC0415

        d = dict(src_dict)
        prompt = d.pop("prompt")

        _model = d.pop("model", UNSET)
        model: Model | Unset
        if isinstance(_model, Unset):
            model = UNSET
        else:
            model = Model(_model)

        _type_ = d.pop("type", UNSET)
        type_: GenerationType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = GenerationType(_type_)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = AspectRatio(_aspect_ratio)

        _image_ref = d.pop("image_ref", UNSET)
        image_ref: list[ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl] | Unset = UNSET
        if _image_ref is not UNSET:
            image_ref = []
            for image_ref_item_data in _image_ref:

                def _parse_image_ref_item(
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

                image_ref_item = _parse_image_ref_item(image_ref_item_data)

                image_ref.append(image_ref_item)

        def _parse_source(data: object) -> ImageRefData | ImageRefFile | ImageRefGeneration | ImageRefUrl | Unset:
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

        source = _parse_source(d.pop("source", UNSET))

        _output_format = d.pop("output_format", UNSET)
        output_format: OutputFormat | Unset
        if isinstance(_output_format, Unset):
            output_format = UNSET
        else:
            output_format = OutputFormat(_output_format)

        _style = d.pop("style", UNSET)
        style: Style | Unset
        if isinstance(_style, Unset):
            style = UNSET
        else:
            style = Style(_style)

        web_search = d.pop("web_search", UNSET)

        user_id = d.pop("user_id", UNSET)

        _layering = d.pop("layering", UNSET)
        layering: LayeringOptions | Unset
        if isinstance(_layering, Unset):
            layering = UNSET
        else:
            layering = LayeringOptions.from_dict(_layering)

        _video = d.pop("video", UNSET)
        video: VideoOptions | Unset
        if isinstance(_video, Unset):
            video = UNSET
        else:
            video = VideoOptions.from_dict(_video)

        generation_create = cls(
            prompt=prompt,
            model=model,
            type_=type_,
            aspect_ratio=aspect_ratio,
            image_ref=image_ref,
            source=source,
            output_format=output_format,
            style=style,
            web_search=web_search,
            user_id=user_id,
            layering=layering,
            video=video,
        )

        generation_create.additional_properties = d
        return generation_create

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

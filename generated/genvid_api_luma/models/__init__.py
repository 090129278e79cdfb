"""Contains all the data models used in inputs/outputs"""

# Models load on first use (PEP 562), so importing one does not import them all;
# type checkers see the plain imports below.
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .aspect_ratio import AspectRatio
    from .audio import Audio
    from .character_identity import CharacterIdentity
    from .character_ref import CharacterRef
    from .concept import Concept
    from .credits_ import Credits
    from .error import Error
    from .error_issue import ErrorIssue
    from .generation import Generation
    from .generation_assets import GenerationAssets
    from .generation_keyframe import GenerationKeyframe
    from .generation_list import GenerationList
    from .generation_request import GenerationRequest
    from .generation_state import GenerationState
    from .generation_type import GenerationType
    from .image_create import ImageCreate
    from .image_format import ImageFormat
    from .image_keyframe import ImageKeyframe
    from .image_model import ImageModel
    from .image_reframe import ImageReframe
    from .keyframes import Keyframes
    from .media_url import MediaUrl
    from .ping import Ping
    from .upscale import Upscale
    from .video_create import VideoCreate
    from .video_model import VideoModel
    from .video_modify import VideoModify
    from .video_modify_mode import VideoModifyMode
    from .video_reframe import VideoReframe
    from .weighted_image import WeightedImage

    pass

_MODULES = {
    "AspectRatio": ".aspect_ratio",
    "Audio": ".audio",
    "CharacterIdentity": ".character_identity",
    "CharacterRef": ".character_ref",
    "Concept": ".concept",
    "Credits": ".credits_",
    "Error": ".error",
    "ErrorIssue": ".error_issue",
    "Generation": ".generation",
    "GenerationAssets": ".generation_assets",
    "GenerationKeyframe": ".generation_keyframe",
    "GenerationList": ".generation_list",
    "GenerationRequest": ".generation_request",
    "GenerationState": ".generation_state",
    "GenerationType": ".generation_type",
    "ImageCreate": ".image_create",
    "ImageFormat": ".image_format",
    "ImageKeyframe": ".image_keyframe",
    "ImageModel": ".image_model",
    "ImageReframe": ".image_reframe",
    "Keyframes": ".keyframes",
    "MediaUrl": ".media_url",
    "Ping": ".ping",
    "Upscale": ".upscale",
    "VideoCreate": ".video_create",
    "VideoModel": ".video_model",
    "VideoModify": ".video_modify",
    "VideoModifyMode": ".video_modify_mode",
    "VideoReframe": ".video_reframe",
    "WeightedImage": ".weighted_image",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = (
    "AspectRatio",
    "Audio",
    "CharacterIdentity",
    "CharacterRef",
    "Concept",
    "Credits",
    "Error",
    "ErrorIssue",
    "Generation",
    "GenerationAssets",
    "GenerationKeyframe",
    "GenerationList",
    "GenerationRequest",
    "GenerationState",
    "GenerationType",
    "ImageCreate",
    "ImageFormat",
    "ImageKeyframe",
    "ImageModel",
    "ImageReframe",
    "Keyframes",
    "MediaUrl",
    "Ping",
    "Upscale",
    "VideoCreate",
    "VideoModel",
    "VideoModify",
    "VideoModifyMode",
    "VideoReframe",
    "WeightedImage",
)

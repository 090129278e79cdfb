"""Contains all the data models used in inputs/outputs"""

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

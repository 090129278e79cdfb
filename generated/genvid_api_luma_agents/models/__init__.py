"""Contains all the data models used in inputs/outputs"""

# Models load on first use (PEP 562), so importing one does not import them all;
# type checkers see the plain imports below.
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .advanced_controls import AdvancedControls
    from .aspect_ratio import AspectRatio
    from .depth_control import DepthControl
    from .error import Error
    from .error_detail_item import ErrorDetailItem
    from .face_control import FaceControl
    from .file_create import FileCreate
    from .file_list import FileList
    from .file_object import FileObject
    from .file_purpose import FilePurpose
    from .file_state import FileState
    from .file_upload import FileUpload
    from .file_upload_response import FileUploadResponse
    from .generation import Generation
    from .generation_create import GenerationCreate
    from .generation_failure_code import GenerationFailureCode
    from .generation_output import GenerationOutput
    from .generation_output_layer import GenerationOutputLayer
    from .generation_state import GenerationState
    from .generation_type import GenerationType
    from .image_ref_data import ImageRefData
    from .image_ref_file import ImageRefFile
    from .image_ref_generation import ImageRefGeneration
    from .image_ref_url import ImageRefUrl
    from .layering_options import LayeringOptions
    from .layering_resolution import LayeringResolution
    from .model import Model
    from .normals_control import NormalsControl
    from .output_format import OutputFormat
    from .pose_control import PoseControl
    from .pose_control_strength import PoseControlStrength
    from .presigned_upload import PresignedUpload
    from .presigned_upload_headers import PresignedUploadHeaders
    from .source_position import SourcePosition
    from .style import Style
    from .trajectory_control import TrajectoryControl
    from .video_duration import VideoDuration
    from .video_edit_options import VideoEditOptions
    from .video_edit_strength import VideoEditStrength
    from .video_options import VideoOptions
    from .video_resolution import VideoResolution

    pass

_MODULES = {
    "AdvancedControls": ".advanced_controls",
    "AspectRatio": ".aspect_ratio",
    "DepthControl": ".depth_control",
    "Error": ".error",
    "ErrorDetailItem": ".error_detail_item",
    "FaceControl": ".face_control",
    "FileCreate": ".file_create",
    "FileList": ".file_list",
    "FileObject": ".file_object",
    "FilePurpose": ".file_purpose",
    "FileState": ".file_state",
    "FileUpload": ".file_upload",
    "FileUploadResponse": ".file_upload_response",
    "Generation": ".generation",
    "GenerationCreate": ".generation_create",
    "GenerationFailureCode": ".generation_failure_code",
    "GenerationOutput": ".generation_output",
    "GenerationOutputLayer": ".generation_output_layer",
    "GenerationState": ".generation_state",
    "GenerationType": ".generation_type",
    "ImageRefData": ".image_ref_data",
    "ImageRefFile": ".image_ref_file",
    "ImageRefGeneration": ".image_ref_generation",
    "ImageRefUrl": ".image_ref_url",
    "LayeringOptions": ".layering_options",
    "LayeringResolution": ".layering_resolution",
    "Model": ".model",
    "NormalsControl": ".normals_control",
    "OutputFormat": ".output_format",
    "PoseControl": ".pose_control",
    "PoseControlStrength": ".pose_control_strength",
    "PresignedUpload": ".presigned_upload",
    "PresignedUploadHeaders": ".presigned_upload_headers",
    "SourcePosition": ".source_position",
    "Style": ".style",
    "TrajectoryControl": ".trajectory_control",
    "VideoDuration": ".video_duration",
    "VideoEditOptions": ".video_edit_options",
    "VideoEditStrength": ".video_edit_strength",
    "VideoOptions": ".video_options",
    "VideoResolution": ".video_resolution",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = (
    "AdvancedControls",
    "AspectRatio",
    "DepthControl",
    "Error",
    "ErrorDetailItem",
    "FaceControl",
    "FileCreate",
    "FileList",
    "FileObject",
    "FilePurpose",
    "FileState",
    "FileUpload",
    "FileUploadResponse",
    "Generation",
    "GenerationCreate",
    "GenerationFailureCode",
    "GenerationOutput",
    "GenerationOutputLayer",
    "GenerationState",
    "GenerationType",
    "ImageRefData",
    "ImageRefFile",
    "ImageRefGeneration",
    "ImageRefUrl",
    "LayeringOptions",
    "LayeringResolution",
    "Model",
    "NormalsControl",
    "OutputFormat",
    "PoseControl",
    "PoseControlStrength",
    "PresignedUpload",
    "PresignedUploadHeaders",
    "SourcePosition",
    "Style",
    "TrajectoryControl",
    "VideoDuration",
    "VideoEditOptions",
    "VideoEditStrength",
    "VideoOptions",
    "VideoResolution",
)

"""Contains all the data models used in inputs/outputs"""

# Models load on first use (PEP 562), so importing one does not import them all;
# type checkers see the plain imports below.
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .classic_video_edit_request import ClassicVideoEditRequest
    from .clip_request import ClipRequest
    from .dev_image_to_video_request import DevImageToVideoRequest
    from .error_detail import ErrorDetail
    from .fast_video_edit_request import FastVideoEditRequest
    from .file_object import FileObject
    from .file_ttl_persistent import FileTtlPersistent
    from .file_upload_request import FileUploadRequest
    from .first_last_frame_request import FirstLastFrameRequest
    from .generate_request import GenerateRequest
    from .http_validation_error import HTTPValidationError
    from .image_edit_request import ImageEditRequest
    from .image_to_video_request import ImageToVideoRequest
    from .job_status import JobStatus
    from .job_status_response import JobStatusResponse
    from .job_submit_response import JobSubmitResponse
    from .motion_request import MotionRequest
    from .orientation import Orientation
    from .restyle_request import RestyleRequest
    from .text_to_image_request import TextToImageRequest
    from .text_to_video_request import TextToVideoRequest
    from .validation_error import ValidationError
    from .validation_error_ctx import ValidationErrorCtx
    from .video_edit_request import VideoEditRequest

    pass

_MODULES = {
    "ClassicVideoEditRequest": ".classic_video_edit_request",
    "ClipRequest": ".clip_request",
    "DevImageToVideoRequest": ".dev_image_to_video_request",
    "ErrorDetail": ".error_detail",
    "FastVideoEditRequest": ".fast_video_edit_request",
    "FileObject": ".file_object",
    "FileTtlPersistent": ".file_ttl_persistent",
    "FileUploadRequest": ".file_upload_request",
    "FirstLastFrameRequest": ".first_last_frame_request",
    "GenerateRequest": ".generate_request",
    "HTTPValidationError": ".http_validation_error",
    "ImageEditRequest": ".image_edit_request",
    "ImageToVideoRequest": ".image_to_video_request",
    "JobStatus": ".job_status",
    "JobStatusResponse": ".job_status_response",
    "JobSubmitResponse": ".job_submit_response",
    "MotionRequest": ".motion_request",
    "Orientation": ".orientation",
    "RestyleRequest": ".restyle_request",
    "TextToImageRequest": ".text_to_image_request",
    "TextToVideoRequest": ".text_to_video_request",
    "ValidationError": ".validation_error",
    "ValidationErrorCtx": ".validation_error_ctx",
    "VideoEditRequest": ".video_edit_request",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = (
    "ClassicVideoEditRequest",
    "ClipRequest",
    "DevImageToVideoRequest",
    "ErrorDetail",
    "FastVideoEditRequest",
    "FileObject",
    "FileTtlPersistent",
    "FileUploadRequest",
    "FirstLastFrameRequest",
    "GenerateRequest",
    "HTTPValidationError",
    "ImageEditRequest",
    "ImageToVideoRequest",
    "JobStatus",
    "JobStatusResponse",
    "JobSubmitResponse",
    "MotionRequest",
    "Orientation",
    "RestyleRequest",
    "TextToImageRequest",
    "TextToVideoRequest",
    "ValidationError",
    "ValidationErrorCtx",
    "VideoEditRequest",
)

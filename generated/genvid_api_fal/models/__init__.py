"""Contains all the data models used in inputs/outputs"""

# Models load on first use (PEP 562), so importing one does not import them all;
# type checkers see the plain imports below.
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app_input import AppInput
    from .app_output import AppOutput
    from .cancel_response import CancelResponse
    from .cancel_status import CancelStatus
    from .cdn_multipart_complete_request import CdnMultipartCompleteRequest
    from .cdn_multipart_complete_response import CdnMultipartCompleteResponse
    from .cdn_multipart_initiate_response import CdnMultipartInitiateResponse
    from .cdn_multipart_part import CdnMultipartPart
    from .cdn_upload_response import CdnUploadResponse
    from .fal_error import FalError
    from .fal_file import FalFile
    from .log_entry import LogEntry
    from .log_level import LogLevel
    from .lucy_5b_image_to_video_input import Lucy5BImageToVideoInput
    from .lucy_14b_image_to_video_input import Lucy14BImageToVideoInput
    from .lucy_aspect_ratio import LucyAspectRatio
    from .lucy_edit_dev_input import LucyEditDevInput
    from .lucy_edit_fast_input import LucyEditFastInput
    from .lucy_edit_pro_input import LucyEditProInput
    from .lucy_i2v_input import LucyI2VInput
    from .lucy_resolution import LucyResolution
    from .lucy_restyle_input import LucyRestyleInput
    from .object_acl import ObjectAcl
    from .object_acl_rule import ObjectAclRule
    from .object_lifecycle_preference import ObjectLifecyclePreference
    from .queue_metrics import QueueMetrics
    from .queue_priority import QueuePriority
    from .queue_state import QueueState
    from .queue_status_completed import QueueStatusCompleted
    from .queue_status_in_progress import QueueStatusInProgress
    from .queue_status_in_queue import QueueStatusInQueue
    from .queue_status_other import QueueStatusOther
    from .queue_submit_response import QueueSubmitResponse
    from .storage_token import StorageToken
    from .storage_token_request import StorageTokenRequest
    from .storage_upload_initiate_request import StorageUploadInitiateRequest
    from .storage_upload_initiate_response import StorageUploadInitiateResponse
    from .validation_error_item import ValidationErrorItem
    from .validation_error_item_ctx import ValidationErrorItemCtx
    from .video_output import VideoOutput
    from .webhook_payload import WebhookPayload
    from .webhook_payload_payload_type_0 import WebhookPayloadPayloadType0
    from .webhook_status import WebhookStatus

    pass

_MODULES = {
    "AppInput": ".app_input",
    "AppOutput": ".app_output",
    "CancelResponse": ".cancel_response",
    "CancelStatus": ".cancel_status",
    "CdnMultipartCompleteRequest": ".cdn_multipart_complete_request",
    "CdnMultipartCompleteResponse": ".cdn_multipart_complete_response",
    "CdnMultipartInitiateResponse": ".cdn_multipart_initiate_response",
    "CdnMultipartPart": ".cdn_multipart_part",
    "CdnUploadResponse": ".cdn_upload_response",
    "FalError": ".fal_error",
    "FalFile": ".fal_file",
    "LogEntry": ".log_entry",
    "LogLevel": ".log_level",
    "Lucy14BImageToVideoInput": ".lucy_14b_image_to_video_input",
    "Lucy5BImageToVideoInput": ".lucy_5b_image_to_video_input",
    "LucyAspectRatio": ".lucy_aspect_ratio",
    "LucyEditDevInput": ".lucy_edit_dev_input",
    "LucyEditFastInput": ".lucy_edit_fast_input",
    "LucyEditProInput": ".lucy_edit_pro_input",
    "LucyI2VInput": ".lucy_i2v_input",
    "LucyResolution": ".lucy_resolution",
    "LucyRestyleInput": ".lucy_restyle_input",
    "ObjectAcl": ".object_acl",
    "ObjectAclRule": ".object_acl_rule",
    "ObjectLifecyclePreference": ".object_lifecycle_preference",
    "QueueMetrics": ".queue_metrics",
    "QueuePriority": ".queue_priority",
    "QueueState": ".queue_state",
    "QueueStatusCompleted": ".queue_status_completed",
    "QueueStatusInProgress": ".queue_status_in_progress",
    "QueueStatusInQueue": ".queue_status_in_queue",
    "QueueStatusOther": ".queue_status_other",
    "QueueSubmitResponse": ".queue_submit_response",
    "StorageToken": ".storage_token",
    "StorageTokenRequest": ".storage_token_request",
    "StorageUploadInitiateRequest": ".storage_upload_initiate_request",
    "StorageUploadInitiateResponse": ".storage_upload_initiate_response",
    "ValidationErrorItem": ".validation_error_item",
    "ValidationErrorItemCtx": ".validation_error_item_ctx",
    "VideoOutput": ".video_output",
    "WebhookPayload": ".webhook_payload",
    "WebhookPayloadPayloadType0": ".webhook_payload_payload_type_0",
    "WebhookStatus": ".webhook_status",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = (
    "AppInput",
    "AppOutput",
    "CancelResponse",
    "CancelStatus",
    "CdnMultipartCompleteRequest",
    "CdnMultipartCompleteResponse",
    "CdnMultipartInitiateResponse",
    "CdnMultipartPart",
    "CdnUploadResponse",
    "FalError",
    "FalFile",
    "LogEntry",
    "LogLevel",
    "Lucy14BImageToVideoInput",
    "Lucy5BImageToVideoInput",
    "LucyAspectRatio",
    "LucyEditDevInput",
    "LucyEditFastInput",
    "LucyEditProInput",
    "LucyI2VInput",
    "LucyResolution",
    "LucyRestyleInput",
    "ObjectAcl",
    "ObjectAclRule",
    "ObjectLifecyclePreference",
    "QueueMetrics",
    "QueuePriority",
    "QueueState",
    "QueueStatusCompleted",
    "QueueStatusInProgress",
    "QueueStatusInQueue",
    "QueueStatusOther",
    "QueueSubmitResponse",
    "StorageToken",
    "StorageTokenRequest",
    "StorageUploadInitiateRequest",
    "StorageUploadInitiateResponse",
    "ValidationErrorItem",
    "ValidationErrorItemCtx",
    "VideoOutput",
    "WebhookPayload",
    "WebhookPayloadPayloadType0",
    "WebhookStatus",
)

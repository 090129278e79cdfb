"""Contains all the data models used in inputs/outputs"""

# Models load on first use (PEP 562), so importing one does not import them all;
# type checkers see the plain imports below.
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .error_detail import ErrorDetail
    from .file_object import FileObject
    from .file_ttl_persistent import FileTtlPersistent
    from .file_upload_request import FileUploadRequest
    from .generate_request import GenerateRequest
    from .http_validation_error import HTTPValidationError
    from .job_status import JobStatus
    from .job_status_response import JobStatusResponse
    from .job_submit_response import JobSubmitResponse
    from .validation_error import ValidationError
    from .validation_error_ctx import ValidationErrorCtx

    pass

_MODULES = {
    "ErrorDetail": ".error_detail",
    "FileObject": ".file_object",
    "FileTtlPersistent": ".file_ttl_persistent",
    "FileUploadRequest": ".file_upload_request",
    "GenerateRequest": ".generate_request",
    "HTTPValidationError": ".http_validation_error",
    "JobStatus": ".job_status",
    "JobStatusResponse": ".job_status_response",
    "JobSubmitResponse": ".job_submit_response",
    "ValidationError": ".validation_error",
    "ValidationErrorCtx": ".validation_error_ctx",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = (
    "ErrorDetail",
    "FileObject",
    "FileTtlPersistent",
    "FileUploadRequest",
    "GenerateRequest",
    "HTTPValidationError",
    "JobStatus",
    "JobStatusResponse",
    "JobSubmitResponse",
    "ValidationError",
    "ValidationErrorCtx",
)

"""Contains all the data models used in inputs/outputs"""

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

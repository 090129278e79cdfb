from enum import StrEnum


class GenerationFailureCode(StrEnum):
    BUDGET_EXHAUSTED = "budget_exhausted"
    CONTENT_MODERATED = "content_moderated"
    CORRUPT_INPUT = "corrupt_input"
    GENERATION_FAILED = "generation_failed"
    IMAGE_TOO_LARGE = "image_too_large"
    INVALID_REQUEST = "invalid_request"
    OUTPUT_NOT_FOUND = "output_not_found"
    RATE_LIMITED = "rate_limited"
    UNSUPPORTED_FORMAT = "unsupported_format"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "GenerationFailureCode | None":
        # Forward compatibility: a value the service added after this client was
        # generated parses into a pseudo-member that keeps the raw value.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

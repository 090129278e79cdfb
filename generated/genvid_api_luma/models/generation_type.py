from enum import StrEnum


class GenerationType(StrEnum):
    IMAGE = "image"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "GenerationType | None":
        # Forward compatibility: a value the service added after this client was
        # generated parses into a pseudo-member that keeps the raw value.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

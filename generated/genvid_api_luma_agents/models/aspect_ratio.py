from enum import StrEnum


class AspectRatio(StrEnum):
    RATIO_16_9 = "16:9"
    RATIO_1_1 = "1:1"
    RATIO_1_2 = "1:2"
    RATIO_1_3 = "1:3"
    RATIO_21_9 = "21:9"
    RATIO_2_1 = "2:1"
    RATIO_2_3 = "2:3"
    RATIO_3_1 = "3:1"
    RATIO_3_2 = "3:2"
    RATIO_3_4 = "3:4"
    RATIO_4_3 = "4:3"
    RATIO_9_16 = "9:16"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "AspectRatio | None":
        # Forward compatibility: a value the service added after this client was
        # generated parses into a pseudo-member that keeps the raw value.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

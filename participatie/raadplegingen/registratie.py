"""What raadplegingen registers in the kernel (called from ParticipatieConfig.ready)."""


def registreer() -> None:
    pass

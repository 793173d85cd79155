"""Admin of the play-space map: play spaces per district (admin_speelplekken.py) and the review
queue's item types — comments, defect reports, wishes (admin_wachtrij.py)."""

from . import (
    admin_speelplekken,  # noqa: F401  (registers its viewset)
    admin_wachtrij,  # noqa: F401  (registers its queues)
)

"""The request id and the log formats, without Django imports: the logging configuration loads
this module while Django is still starting (settings ``LOGGING``). See portal/core/waarneming.py.
"""

import contextvars
import json
import logging
import re

_verzoek_id: contextvars.ContextVar[str] = contextvars.ContextVar("verzoek_id", default="")
GELDIG_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def huidig_verzoek_id() -> str:
    return _verzoek_id.get()


def zet_verzoek_id(waarde: str):
    """Set the id (e.g. in a task, from its argument); returns the token to reset it."""
    return _verzoek_id.set(waarde if GELDIG_ID.match(waarde or "") else "")


def reset_verzoek_id(token) -> None:
    _verzoek_id.reset(token)


class VerzoekIdFilter(logging.Filter):
    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = _verzoek_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request id and the fields a
    caller passed in ``extra``."""

    STANDAARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
    WEGLATEN = frozenset({"request_id", "request", "server_time"})

    def format(self, record):
        regel = {
            "tijd": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "niveau": record.levelname,
            "logger": record.name,
            "bericht": record.getMessage(),
        }
        # Only plain values a caller passed in ``extra``: Django's own loggers add the request
        # object (``request``), whose text holds the full path with its query string.
        regel.update(
            {
                k: v
                for k, v in vars(record).items()
                if k not in self.STANDAARD
                and k not in self.WEGLATEN
                and isinstance(v, str | int | float | bool | type(None))
            }
        )
        regel["request_id"] = getattr(record, "request_id", "") or _verzoek_id.get()
        if record.exc_info:
            regel["uitzondering"] = self.formatException(record.exc_info)
        return json.dumps(regel, default=str, ensure_ascii=False)

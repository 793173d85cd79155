"""A counting SMTP sink for the fault runs: accepts every message and records it in SQLite.

Run as its own process (``python -m ops.smtp_sink --port 2591 --db var/faults/sink.sqlite3``).
Each accepted message becomes one row: recipients, subject, Message-ID and the application
reference found in the subject (``DLF-<year>-<number>``), written *before* the final "250"
is sent, as a real mail server commits a message before acknowledging it.

Switching it off and on, as the fault script does:

- ``SIGUSR1``: "down": close the listening socket (new connections are refused) and abort the
  sessions in progress (their messages were not acknowledged, so they are not recorded);
- ``SIGUSR2``: "up" again on the same port;
- ``SIGTERM``/``SIGINT``: stop.

``--delay`` (seconds) slows every RCPT answer down, so a burst of e-mail keeps the workers busy
mid-send (a slow but healthy mail server), without widening the window between "message
stored" and "250 sent".
"""

import argparse
import asyncio
import email
import email.policy
import re
import signal
import sqlite3
import sys
import time

REFERENTIE = re.compile(r"DLF-\d{4}-\d{5}")
MAX_BERICHT = 5 * 1024 * 1024


class Sink:
    def __init__(self, host: str, port: int, db_path: str, delay: float):
        self.host, self.port, self.delay = host, port, delay
        self.db = sqlite3.connect(db_path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS berichten (id INTEGER PRIMARY KEY, ontvangen REAL,"
            " afzender TEXT, aan TEXT, onderwerp TEXT, message_id TEXT, referentie TEXT)"
        )
        self.server: asyncio.AbstractServer | None = None
        self.sessies: set[asyncio.StreamWriter] = set()

    async def up(self) -> None:
        if self.server is None:
            self.server = await asyncio.start_server(
                self.sessie, self.host, self.port, reuse_address=True, limit=1024 * 1024
            )
            sys.stdout.write(f"sink up on {self.host}:{self.port}\n")
            sys.stdout.flush()

    async def down(self) -> None:
        if self.server is not None:
            self.server.close()
            for writer in list(self.sessies):
                writer.transport.abort()
            await self.server.wait_closed()
            self.server = None
            sys.stdout.write("sink down\n")
            sys.stdout.flush()

    def bewaar(self, afzender: str, ontvangers: list[str], data: bytes) -> None:
        bericht = email.message_from_bytes(data, policy=email.policy.default)
        onderwerp = str(bericht.get("Subject", ""))
        gevonden = REFERENTIE.search(onderwerp)
        self.db.execute(
            "INSERT INTO berichten (ontvangen, afzender, aan, onderwerp, message_id, referentie)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                time.time(),
                afzender,
                ",".join(ontvangers),
                onderwerp,
                str(bericht.get("Message-ID", "")),
                gevonden.group(0) if gevonden else None,
            ),
        )

    async def sessie(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.sessies.add(writer)
        afzender, ontvangers = "", []

        async def zeg(tekst: str) -> None:
            writer.write(tekst.encode() + b"\r\n")
            await writer.drain()

        try:
            await zeg("220 faults-sink ESMTP")
            while True:
                regel = await asyncio.wait_for(reader.readline(), timeout=60)
                if not regel:
                    break
                opdracht = regel.decode("latin-1").strip()
                werkwoord = opdracht[:4].upper()
                if werkwoord == "EHLO":
                    await zeg("250-faults-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 5242880")
                elif werkwoord == "HELO":
                    await zeg("250 faults-sink")
                elif werkwoord == "MAIL":
                    afzender, ontvangers = opdracht[10:].split(" ")[0].strip("<>"), []
                    await zeg("250 OK")
                elif werkwoord == "RCPT":
                    if self.delay:
                        await asyncio.sleep(self.delay)
                    ontvangers.append(opdracht[8:].split(" ")[0].strip("<>"))
                    await zeg("250 OK")
                elif werkwoord == "DATA":
                    if not ontvangers:
                        await zeg("503 need RCPT")
                        continue
                    await zeg("354 end with <CRLF>.<CRLF>")
                    delen, grootte = [], 0
                    while True:
                        regel = await asyncio.wait_for(reader.readline(), timeout=60)
                        if not regel:
                            return  # connection gone before the end: nothing accepted
                        if regel in (b".\r\n", b".\n"):
                            break
                        if regel.startswith(b"."):
                            regel = regel[1:]
                        grootte += len(regel)
                        if grootte <= MAX_BERICHT:
                            delen.append(regel)
                    self.bewaar(afzender, ontvangers, b"".join(delen))
                    afzender, ontvangers = "", []
                    await zeg("250 OK queued")
                elif werkwoord == "RSET":
                    afzender, ontvangers = "", []
                    await zeg("250 OK")
                elif werkwoord == "NOOP":
                    await zeg("250 OK")
                elif werkwoord == "QUIT":
                    await zeg("221 bye")
                    break
                else:
                    await zeg("502 not implemented")
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.sessies.discard(writer)
            writer.close()


async def hoofd(opties: argparse.Namespace) -> None:
    sink = Sink(opties.host, opties.port, opties.db, opties.delay)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGUSR1, lambda: loop.create_task(sink.down()))
    loop.add_signal_handler(signal.SIGUSR2, lambda: loop.create_task(sink.up()))
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await sink.up()
    await stop.wait()
    await sink.down()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    opties = parser.parse_args(argv)
    if opties.host not in ("127.0.0.1", "localhost"):
        sys.exit("the sink listens on 127.0.0.1 only")
    asyncio.run(hoofd(opties))


if __name__ == "__main__":
    main()

"""A minimal IMAP4rev1 server on 127.0.0.1, good enough for `imapclient` (and so for `ImapPoller`).

Speaks, over a real socket: CAPABILITY, LOGIN, SELECT / EXAMINE (FLAGS, EXISTS, RECENT,
UIDVALIDITY, UIDNEXT), SEARCH / UID SEARCH (ALL, SEEN, UNSEEN, UID <set>, <set>), FETCH / UID FETCH
(UID, FLAGS, INTERNALDATE, RFC822, RFC822.SIZE, RFC822.HEADER, BODY[] / BODY.PEEK[] and their
HEADER / TEXT sections), NOOP, CHECK, CLOSE, UNSELECT, LOGOUT; client literals (`{n}` and
`{n+}`). Non-PEEK body fetches set `\\Seen` unless the folder was opened with EXAMINE. Like a real
server, `UID n:*` also matches the newest message when every UID is below n.

Tests add mail with `add_message(raw)` and can `renumber()` a folder (new UIDVALIDITY, UIDs from 1:
what a rebuilt mailbox looks like to a poller). `commands` records every command line received
(literals shown as `{n}`), for asserting e.g. that polling only EXAMINEs and PEEKs.
"""

from __future__ import annotations

import re
import socketserver
import ssl
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

CAPABILITIES = "IMAP4rev1 LITERAL+ UIDPLUS"
_LITERAL = re.compile(rb"\{(\d+)(\+?)\}\r?\n?$")
_FETCH_ITEM = re.compile(r"(?:BODY(?:\.PEEK)?\[[^\]]*\](?:<[\d.]+>)?|[A-Z0-9.]+)", re.IGNORECASE)


@dataclass
class StoredMessage:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)
    internal_date: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class Folder:
    uidvalidity: int
    uidnext: int = 1
    messages: list[StoredMessage] = field(default_factory=list)


class FakeImap:
    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        username: str = "inbox@brand.test",
        password: str = "imap-pass",
        uidvalidity: int = 1700000000,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        """`tls_context` (a server context, see fakes.tls): implicit TLS, as on port 993."""
        self.host = host
        self.tls_context = tls_context
        self.port = port
        self.username = username
        self.password = password
        self.folders: dict[str, Folder] = {"INBOX": Folder(uidvalidity=uidvalidity)}
        self.commands: list[str] = []
        self.logins: list[str] = []
        self.lock = threading.RLock()
        self._server: socketserver.ThreadingTCPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeImap:
        fake = self

        class Handler(_Session):
            server_state = fake

        tls_context = self.tls_context

        class Server(socketserver.ThreadingTCPServer):
            def get_request(self):
                connection, address = super().get_request()
                if tls_context is not None:
                    connection = tls_context.wrap_socket(connection, server_side=True)
                return connection, address

        server = Server((self.host, self.port), Handler, bind_and_activate=False)
        server.daemon_threads = True
        server.allow_reuse_address = True
        server.server_bind()
        server.server_activate()
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-imap", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeImap:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- mailbox control ----------------------------------------------------------------------

    def credentials(self, **overrides: str) -> dict[str, str]:
        """Channel account credentials that point an `ImapPoller` at this fake."""
        values = {
            "imap_host": self.host,
            "imap_port": str(self.port),
            "imap_username": self.username,
            "imap_password": self.password,
            "imap_folder": "INBOX",
            "imap_security": "tls" if self.tls_context is not None else "none",
        }
        values.update(overrides)
        return values

    def add_message(
        self, raw: bytes, *, folder: str = "INBOX", flags: tuple[str, ...] = (), internal_date: datetime | None = None
    ) -> int:
        """Deliver `raw` into `folder` (created when missing); returns its UID."""
        with self.lock:
            box = self.folders.setdefault(folder, Folder(uidvalidity=next(iter(self.folders.values())).uidvalidity + 1))
            uid = box.uidnext
            box.uidnext += 1
            box.messages.append(
                StoredMessage(uid=uid, raw=bytes(raw), flags=set(flags), internal_date=internal_date or datetime.now(UTC))
            )
            return uid

    def renumber(self, *, folder: str = "INBOX", uidvalidity: int | None = None) -> int:
        """Give `folder` a new UIDVALIDITY and UIDs from 1 (a rebuilt mailbox); returns the new UIDVALIDITY."""
        with self.lock:
            box = self.folders[folder]
            box.uidvalidity = uidvalidity if uidvalidity is not None else box.uidvalidity + 1
            for index, message in enumerate(box.messages, start=1):
                message.uid = index
            box.uidnext = len(box.messages) + 1
            return box.uidvalidity


class _Session(socketserver.StreamRequestHandler):
    server_state: FakeImap
    timeout = 30

    def setup(self) -> None:
        super().setup()
        self.authenticated = False
        self.folder: Folder | None = None
        self.readonly = False

    # --- wire ---------------------------------------------------------------------------------

    def send(self, data: bytes | str) -> None:
        self.wfile.write(data.encode("utf-8") if isinstance(data, str) else data)

    def read_command(self) -> str | None:
        """One command, literals inlined as quoted strings. None on EOF."""
        parts: list[str] = []
        shown: list[str] = []
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return None
            literal = _LITERAL.search(line)
            if not literal:
                text = line.rstrip(b"\r\n").decode("utf-8", "surrogateescape")
                parts.append(text)
                shown.append(text)
                break
            head = line[: literal.start()].decode("utf-8", "surrogateescape")
            size = int(literal.group(1))
            if not literal.group(2):
                self.send("+ Ready for literal data\r\n")
                self.wfile.flush()
            content = self.rfile.read(size).decode("utf-8", "surrogateescape")
            parts.append(head + '"' + content.replace("\\", "\\\\").replace('"', '\\"') + '"')
            shown.append(f"{head}{{{size}}}")
        with self.server_state.lock:
            self.server_state.commands.append("".join(shown))
        return "".join(parts)

    def handle(self) -> None:
        self.send(f"* OK [CAPABILITY {CAPABILITIES}] Dialogo fake IMAP ready\r\n")
        while True:
            command = self.read_command()
            if command is None:
                return
            tag, _, rest = command.partition(" ")
            name, _, args = rest.partition(" ")
            name = name.upper()
            use_uid = False
            if name == "UID":
                use_uid = True
                name, _, args = args.partition(" ")
                name = name.upper()
            try:
                done = self.dispatch(tag, name, args, use_uid)
            except _Bad as exc:
                self.send(f"{tag} BAD {exc}\r\n")
                done = False
            self.wfile.flush()
            if done:
                return

    # --- commands -----------------------------------------------------------------------------

    def dispatch(self, tag: str, name: str, args: str, use_uid: bool) -> bool:
        state = self.server_state
        if name == "CAPABILITY":
            self.send(f"* CAPABILITY {CAPABILITIES}\r\n{tag} OK CAPABILITY completed\r\n")
        elif name == "NOOP" or name == "CHECK":
            self.send(f"{tag} OK {name} completed\r\n")
        elif name == "LOGOUT":
            self.send(f"* BYE Dialogo fake IMAP logging out\r\n{tag} OK LOGOUT completed\r\n")
            return True
        elif name == "LOGIN":
            tokens = _tokens(args)
            if len(tokens) != 2:
                raise _Bad("LOGIN needs a user and a password")
            with state.lock:
                state.logins.append(tokens[0])
            if tokens[0] == state.username and tokens[1] == state.password:
                self.authenticated = True
                self.send(f"{tag} OK [CAPABILITY {CAPABILITIES}] LOGIN completed\r\n")
            else:
                self.send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n")
        elif not self.authenticated:
            self.send(f"{tag} NO not authenticated\r\n")
        elif name in ("SELECT", "EXAMINE"):
            self.select(tag, name, args)
        elif name in ("CLOSE", "UNSELECT"):
            self.folder = None
            self.send(f"{tag} OK {name} completed\r\n")
        elif self.folder is None:
            self.send(f"{tag} NO no folder selected\r\n")
        elif name == "SEARCH":
            self.search(tag, args, use_uid)
        elif name == "FETCH":
            self.fetch(tag, args, use_uid)
        else:
            raise _Bad(f"unknown command {name}")
        return False

    def select(self, tag: str, name: str, args: str) -> None:
        tokens = _tokens(args)
        if not tokens:
            raise _Bad(f"{name} needs a mailbox")
        wanted = tokens[0]
        with self.server_state.lock:
            folder = next(
                (
                    box
                    for key, box in self.server_state.folders.items()
                    if key == wanted or (key.upper() == "INBOX" and wanted.upper() == "INBOX")
                ),
                None,
            )
            if folder is None:
                self.folder = None
                self.send(f"{tag} NO [NONEXISTENT] Mailbox doesn't exist: {wanted}\r\n")
                return
            self.folder = folder
            self.readonly = name == "EXAMINE"
            unseen = next(
                (index for index, message in enumerate(folder.messages, start=1) if "\\Seen" not in message.flags), None
            )
            lines = [
                "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted",
                f"* {len(folder.messages)} EXISTS",
                "* 0 RECENT",
                f"* OK [UIDVALIDITY {folder.uidvalidity}] UIDs valid",
                f"* OK [UIDNEXT {folder.uidnext}] Predicted next UID",
            ]
            if unseen is not None:
                lines.append(f"* OK [UNSEEN {unseen}] First unseen")
        mode = "READ-ONLY" if self.readonly else "READ-WRITE"
        self.send("\r\n".join(lines) + f"\r\n{tag} OK [{mode}] {name} completed\r\n")

    def _numbers(self, use_uid: bool) -> list[tuple[int, int, StoredMessage]]:
        assert self.folder is not None
        return [(seq, message.uid, message) for seq, message in enumerate(self.folder.messages, start=1)]

    def search(self, tag: str, args: str, use_uid: bool) -> None:
        tokens = [token.upper() for token in _tokens(args)]
        if tokens[:1] == ["CHARSET"]:
            tokens = tokens[2:]
        with self.server_state.lock:
            rows = self._numbers(use_uid)
            max_uid = max((uid for _, uid, _ in rows), default=0)
            matched = []
            for seq, uid, message in rows:
                ok = True
                index = 0
                while index < len(tokens):
                    token = tokens[index]
                    if token == "ALL":
                        pass
                    elif token == "SEEN":
                        ok &= "\\Seen" in message.flags
                    elif token == "UNSEEN":
                        ok &= "\\Seen" not in message.flags
                    elif token == "UID" and index + 1 < len(tokens):
                        index += 1
                        ok &= uid in _sequence_set(tokens[index], max_uid)
                    elif re.fullmatch(r"[\d*:,]+", token):
                        ok &= seq in _sequence_set(token, len(rows))
                    else:
                        raise _Bad(f"unsupported search key {token}")
                    index += 1
                if ok:
                    matched.append(uid if use_uid else seq)
        self.send(("* SEARCH " + " ".join(str(n) for n in matched)).rstrip() + f"\r\n{tag} OK SEARCH completed\r\n")

    def fetch(self, tag: str, args: str, use_uid: bool) -> None:
        wanted, _, items_text = args.partition(" ")
        items = [item.upper() for item in _FETCH_ITEM.findall(items_text.strip().strip("()"))]
        macros = {
            "ALL": ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
            "FAST": ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
            "FULL": ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
        }
        expanded: list[str] = []
        for item in items:
            expanded.extend(macros.get(item, [item]))
        if use_uid and "UID" not in expanded:
            expanded.insert(0, "UID")
        if not expanded:
            raise _Bad("FETCH needs data items")
        out = bytearray()
        with self.server_state.lock:
            rows = self._numbers(use_uid)
            limit = max((uid for _, uid, _ in rows), default=0) if use_uid else len(rows)
            selected = _sequence_set(wanted, limit)
            for seq, uid, message in rows:
                if (uid if use_uid else seq) not in selected:
                    continue
                fields: list[bytes] = []
                for item in expanded:
                    fields.append(self.fetch_item(item, message))
                out += f"* {seq} FETCH (".encode() + b" ".join(fields) + b")\r\n"
        self.send(bytes(out) + f"{tag} OK FETCH completed\r\n".encode())

    def fetch_item(self, item: str, message: StoredMessage) -> bytes:
        header, _, body = message.raw.partition(b"\r\n\r\n")
        if not body and b"\r\n\r\n" not in message.raw:
            header, _, body = message.raw.partition(b"\n\n")
            separator = b"\n\n"
        else:
            separator = b"\r\n\r\n"
        if item == "UID":
            return f"UID {message.uid}".encode()
        if item == "FLAGS":
            return f"FLAGS ({' '.join(sorted(message.flags))})".encode()
        if item == "INTERNALDATE":
            return f'INTERNALDATE "{message.internal_date.strftime("%d-%b-%Y %H:%M:%S %z")}"'.encode()
        if item == "RFC822.SIZE":
            return f"RFC822.SIZE {len(message.raw)}".encode()
        sections = {
            "RFC822": ("RFC822", message.raw, True),
            "RFC822.HEADER": ("RFC822.HEADER", header + separator, False),
            "RFC822.TEXT": ("RFC822.TEXT", body, True),
        }
        if item in sections:
            name, data, marks_seen = sections[item]
        else:
            match = re.fullmatch(r"BODY(\.PEEK)?\[([^\]]*)\]", item)
            if not match:
                raise _Bad(f"unsupported fetch item {item}")
            section = match.group(2)
            data = {"": message.raw, "HEADER": header + separator, "TEXT": body}.get(section)
            if data is None:
                raise _Bad(f"unsupported body section {section}")
            name, marks_seen = f"BODY[{section}]", not match.group(1)
        if marks_seen and not self.readonly:
            message.flags.add("\\Seen")
        return f"{name} {{{len(data)}}}\r\n".encode() + data


class _Bad(Exception):
    pass


def _tokens(text: str) -> list[str]:
    """IMAP arguments: atoms, quoted strings (unescaped) and parenthesized lists (kept verbatim)."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == " ":
            index += 1
        elif char == '"':
            buffer = []
            index += 1
            while index < len(text) and text[index] != '"':
                if text[index] == "\\" and index + 1 < len(text):
                    index += 1
                buffer.append(text[index])
                index += 1
            out.append("".join(buffer))
            index += 1
        elif char == "(":
            depth, start = 0, index
            while index < len(text):
                depth += {"(": 1, ")": -1}.get(text[index], 0)
                index += 1
                if depth == 0:
                    break
            out.append(text[start:index])
        else:
            end = text.find(" ", index)
            end = len(text) if end < 0 else end
            out.append(text[index:end])
            index = end
    return out


def _sequence_set(text: str, largest: int) -> set[int]:
    """`1:*`, `3,5,7:9` → numbers; `*` is the largest number in use (ranges may be given reversed)."""
    numbers: set[int] = set()
    for piece in text.split(","):
        if not piece:
            continue
        low_text, _, high_text = piece.partition(":")
        try:
            low = largest if low_text == "*" else int(low_text)
            high = low if not high_text else (largest if high_text == "*" else int(high_text))
        except ValueError:
            raise _Bad(f"bad sequence set {text}")
        low, high = min(low, high), min(max(low, high), largest)
        numbers.update(range(low, high + 1))
    return numbers

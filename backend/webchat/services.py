"""Every change the widget makes: sessions, visitor uploads and messages, read receipts, typing.

Visitor messages take the one ingest path every channel takes (inbox.ingest.message_ingest)
with external id `<session id>:<client_message_id>`: the (channel account, external id)
unique constraint makes a resend after a reconnect a no-op that returns the stored message,
so the widget gets the same ack twice and the inbox never shows the message twice.
Pushes to the visitor's tabs leave after commit.

Files come in two steps, like the agents' composer: each is uploaded at once
(`POST /api/widget/v1/uploads`: stored, not yet anyone's message), and the message names the
uploads. The stored file then becomes the message's attachment, exactly once — with the message:
the ingest writes the attachment row `stored` with that file (`Attachment.stored_file`), so
agents hear of it as stored in the live frame and read it through /api/v1/attachments/<id>/,
and no download is queued.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from channel_accounts.models import ChannelAccount
from core.errors import ApplicationError
from core.rate_limits import RateLimit, rate_limit_hit
from core.realtime import case_group, send_to_groups
from inbox import reply_media
from inbox.ingest import IngestResult, message_ingest
from inbox.models import DeliveryStatus, Direction, Message, MessageKind
from inbox.receipts import message_status_advance
from integrations.events import Attachment, AttachmentKind, ChannelKind, InboundMessage, Sender
from webchat import selectors
from webchat.models import WidgetSession, WidgetUpload
from webchat.origins import origin_allowed
from webchat.realtime import visitor_group, visitor_push_quietly

MAX_TEXT_LENGTH = 5000
MAX_IDENTIFIER_LENGTH = 200
CLIENT_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
IDENTIFIER = re.compile(r"^[^\x00-\x1f\x7f]+$")
# Per session, websocket and REST together: far above a person typing, far below a script.
VISITOR_MESSAGES = RateLimit("webchat-messages", "messages from this visitor", limit=30, window_seconds=60)
# Per IP address and widget: page loads start or resume a session.
SESSION_STARTS = RateLimit("webchat-sessions", "chat sessions started from this address", limit=30, window_seconds=60)
FUTURE_TOLERANCE = timedelta(minutes=5)  # a visitor's clock running ahead is not the future
# Files: per session, and per address and widget (sessions are free to start).
VISITOR_UPLOADS = RateLimit("webchat-uploads", "files from this visitor", limit=10, window_seconds=60)
UPLOADS_PER_ADDRESS = RateLimit("webchat-uploads-address", "files sent from this address", limit=30, window_seconds=60)
# The same limits as the files agents attach to replies (and the platforms' media downloads).
MAX_UPLOAD_BYTES = reply_media.MAX_UPLOAD_BYTES
MAX_FILES_PER_MESSAGE = reply_media.MAX_FILES_PER_MESSAGE
MAX_UNSENT_UPLOADS = 2 * MAX_FILES_PER_MESSAGE  # uploaded, not sent yet, per session
UNSENT_UPLOAD_RETENTION = reply_media.UNSENT_UPLOAD_RETENTION
# What a visitor may send, told by the file's first bytes (never the browser's say-so): images
# agents can look at, and PDF. No SVG (a script in our origin) and nothing executable.
UPLOAD_TYPES: dict[str, tuple[str, ...]] = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
}
# The url of a visitor file's attachment row (its `original_url` for agents): there is no
# platform link, our copy is the file itself.
UPLOAD_URL_PREFIX = "webchat-upload:"


class OriginNotAllowed(ApplicationError):
    status_code = 403
    code = "origin_not_allowed"


class IdentityNotVerified(ApplicationError):
    status_code = 403
    code = "identity_not_verified"


class FileTooLarge(ApplicationError):
    status_code = 413
    code = "file_too_large"


class UnsupportedFileType(ApplicationError):
    status_code = 415
    code = "unsupported_file_type"


def session_group(session: WidgetSession) -> str:
    return visitor_group(channel_account_id=session.channel_account_id, identity_external_id=session.identity_external_id)


def widget_origin_check(*, channel_account: ChannelAccount, origin: str | None) -> None:
    """Raise unless a page at `origin` may use this widget."""
    if not origin_allowed(allowed_origins=channel_account.credentials.get("allowed_origins", ""), origin=origin):
        raise OriginNotAllowed(f"This widget is not enabled for pages at {origin or 'an unknown origin'}.")


def identity_hash(*, identity_secret: str, user_identifier: str) -> str:
    """What the host site's backend computes: hex HMAC-SHA256(identity secret, identifier)."""
    return hmac.new(identity_secret.encode(), user_identifier.encode(), hashlib.sha256).hexdigest()


def _verify_identity(channel_account: ChannelAccount, user_identifier: str, user_hash: str) -> None:
    if len(user_identifier) > MAX_IDENTIFIER_LENGTH or not IDENTIFIER.match(user_identifier):
        raise ApplicationError(
            f"user_identifier must be 1–{MAX_IDENTIFIER_LENGTH} printable characters.",
            extra={"fields": {"user_identifier": ["Invalid."]}},
        )
    secret = channel_account.credentials.get("identity_secret", "")
    expected = identity_hash(identity_secret=secret, user_identifier=user_identifier) if secret else ""
    # compare_digest over equal-length ASCII whatever the input, so the time says nothing.
    if not secret or not hmac.compare_digest(expected.encode(), (user_hash or "").strip().lower().encode("ascii", "replace")):
        raise IdentityNotVerified(
            "user_hash does not match user_identifier: it must be the hex HMAC-SHA256 of the identifier, keyed with this widget's identity secret.",
            extra={"fields": {"user_hash": ["Does not match."]}},
        )


@dataclass(frozen=True)
class SessionStart:
    session: WidgetSession
    token: str  # the raw token: only ever in this answer and in the visitor's browser
    resumed: bool


def widget_session_start(
    *,
    channel_account: ChannelAccount,
    origin: str | None,
    session_token: str = "",
    user_identifier: str = "",
    user_hash: str = "",
    name: str = "",
    email: str = "",
    language: str = "",
) -> SessionStart:
    """Open (or resume) a visitor's session on a widget.

    - The page's origin must be allowed by the widget.
    - With `user_identifier`, `user_hash` must be its HMAC with the widget's identity secret:
      the visitor is then that customer (`user:<identifier>`) and their name/email are trusted.
      A wrong hash is refused, never downgraded to anonymous.
    - A token of a session of this widget resumes it (same visitor, same conversation) unless
      the identity changed: a verified session is resumed only for the same identifier, and
      an anonymous visitor who is now identified starts a verified session.
    - Otherwise a new session with a fresh ≥128-bit token; only its sha256 is stored."""
    widget_origin_check(channel_account=channel_account, origin=origin)
    user_identifier = (user_identifier or "").strip()
    if user_identifier:
        _verify_identity(channel_account, user_identifier, user_hash)
    elif user_hash:
        raise ApplicationError(
            "user_hash needs user_identifier.", extra={"fields": {"user_identifier": ["Required with user_hash."]}}
        )
    verified = bool(user_identifier)
    now = timezone.now()
    profile = {"language": (language or "")[:8]}
    if verified:
        profile.update(name=(name or "")[:255], email=(email or "")[:254])

    if session_token:
        existing = (
            WidgetSession.objects.select_related("channel_account")
            .filter(token_hash=selectors.token_hash(session_token), channel_account=channel_account)
            .first()
        )
        if existing is not None and existing.verified == verified and existing.user_identifier == user_identifier:
            changed = ["last_seen_at", "updated_at"]
            existing.last_seen_at = now
            if origin and existing.origin != origin[:255]:
                existing.origin = origin[:255]
                changed.append("origin")
            for field, value in profile.items():
                if value and getattr(existing, field) != value:
                    setattr(existing, field, value)
                    changed.append(field)
            existing.save(update_fields=changed)
            return SessionStart(session=existing, token=session_token, resumed=True)

    token = secrets.token_urlsafe(32)  # 256 bits
    visitor_id = secrets.token_hex(12)
    session = WidgetSession.objects.create(
        workspace_id=channel_account.workspace_id,
        channel_account=channel_account,
        token_hash=selectors.token_hash(token),
        visitor_id=visitor_id,
        identity_external_id=f"user:{user_identifier}" if verified else f"visitor:{visitor_id}",
        user_identifier=user_identifier,
        verified=verified,
        origin=(origin or "")[:255],
        last_seen_at=now,
        **profile,
    )
    session.channel_account = channel_account
    return SessionStart(session=session, token=token, resumed=False)


def widget_session_touch(*, session: WidgetSession) -> None:
    session.last_seen_at = timezone.now()
    WidgetSession.objects.filter(pk=session.pk).update(last_seen_at=session.last_seen_at)


def _sender(session: WidgetSession) -> Sender:
    if session.verified:
        return Sender(
            external_id=session.identity_external_id,
            display_name=session.name or session.user_identifier,
            email=session.email,
            language=session.language[:2],
        )
    # An anonymous visitor's name and email are whatever anyone typed: kept on the session, not
    # written onto a customer.
    return Sender(
        external_id=session.identity_external_id, display_name=f"Visitor {session.visitor_id[:6]}", language=session.language[:2]
    )


def sent_at_parse(value) -> datetime | None:
    """The client's `sent_at` (RFC 3339); None when missing or unreadable (then: received time)."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed


def _sent_at(value: datetime | None, now: datetime) -> datetime:
    if value is None or value > now + FUTURE_TOLERANCE:
        return now
    return value


def visitor_message_create(
    *,
    session: WidgetSession,
    client_message_id: str,
    text: str,
    sent_at: datetime | None = None,
    upload_ids: Sequence[int] = (),
    exclude_channel: str = "",
) -> IngestResult:
    """Store a visitor's message once per (session, client_message_id). A resend returns the
    stored message (`created` False) and changes nothing. A new message is echoed, after
    commit, as `message.created` to the visitor's other tabs (not to `exclude_channel`, the
    socket that sent it).

    `upload_ids` (this session's uploads not sent yet, in the order shown) become the message's
    attachments in the same transaction: a resend attaches nothing twice, and an id that is not
    such an upload refuses the whole message. Text may be empty when there are files."""
    client_message_id = (client_message_id or "").strip()
    if not CLIENT_MESSAGE_ID.match(client_message_id):
        raise ApplicationError(
            "client_message_id must be 1–64 letters, digits, '-' or '_' (a UUID).",
            code="invalid",
            extra={"fields": {"client_message_id": ["Invalid."]}},
        )
    text = (text or "").strip()
    upload_ids = list(dict.fromkeys(upload_ids))
    if not text and not upload_ids:
        raise ApplicationError("A message needs text or a file.", extra={"fields": {"text": ["This field may not be blank."]}})
    if len(text) > MAX_TEXT_LENGTH:
        raise ApplicationError(f"A message is at most {MAX_TEXT_LENGTH} characters.", extra={"fields": {"text": ["Too long."]}})
    if len(upload_ids) > MAX_FILES_PER_MESSAGE:
        raise ApplicationError(
            f"At most {MAX_FILES_PER_MESSAGE} files per message.",
            extra={"fields": {"attachments": [f"At most {MAX_FILES_PER_MESSAGE}."]}},
        )
    external_id = f"{session.pk}:{client_message_id}"
    stored = (
        Message.objects.select_related("case")
        .filter(channel_account_id=session.channel_account_id, external_id=external_id)
        .first()
    )
    if stored is not None:
        # A reconnecting widget resending its unacknowledged batch: the same answer, nothing
        # checked or counted again (its files are this message's already).
        return IngestResult(message=stored, case=stored.case, created=False)
    rate_limit_hit(VISITOR_MESSAGES, str(session.pk))
    now = timezone.now()
    with transaction.atomic():
        uploads = _unsent_uploads_lock(session, upload_ids, external_id)
        inbound = InboundMessage(
            channel_kind=ChannelKind.WEBCHAT,
            external_id=external_id,
            sender=_sender(session),
            sent_at=_sent_at(sent_at, now),
            text=text,
            attachments=tuple(
                Attachment(
                    kind=_attachment_kind(upload.mime_type),
                    url=f"{UPLOAD_URL_PREFIX}{upload.pk}",
                    mime_type=upload.mime_type,
                    size_bytes=upload.size_bytes,
                    name=upload.name,
                    stored_file=upload.file.name,
                )
                for upload in uploads
            ),
        )
        result = message_ingest(channel_account=session.channel_account, inbound=inbound, received_at=now)
        if result.created:
            if uploads:
                _uploads_attach(result.message, uploads)
            frame = {"type": "message.created", "message": selectors.message_frame_payload(result.message)}
            group = session_group(session)
            transaction.on_commit(lambda: visitor_push_quietly(group, frame, exclude_channel=exclude_channel))
    return result


def _unsent_uploads_lock(session: WidgetSession, upload_ids: list[int], external_id: str) -> list[WidgetUpload]:
    """The session's unsent uploads `upload_ids`, locked, in that order. Refuses any other id
    (another visitor's, a sent one, none) — unless the message itself was stored meanwhile (a
    resend racing its original, which took the files): the ingest then returns that message."""
    if not upload_ids:
        return []
    found = {
        upload.pk: upload
        for upload in WidgetUpload.objects.select_for_update()
        .filter(workspace_id=session.workspace_id, session_id=session.pk, pk__in=upload_ids, attachment__isnull=True)
        .order_by("pk")
    }
    missing = [pk for pk in upload_ids if pk not in found]
    if not missing:
        return [found[pk] for pk in upload_ids]
    if Message.objects.filter(channel_account_id=session.channel_account_id, external_id=external_id).exists():
        return []
    raise ApplicationError(
        "Some files are not uploads of yours waiting to be sent: upload them again.",
        code="unknown_upload",
        extra={"fields": {"attachments": [f"Unknown or already sent: {missing}."]}},
    )


def _uploads_attach(message: Message, uploads: list[WidgetUpload]) -> None:
    # The ingest made one attachment row per upload, in order, stored with the upload's file:
    # each upload is marked sent by naming its row.
    now = timezone.now()
    for upload, attachment in zip(uploads, message._new_attachments, strict=True):
        upload.attachment = attachment
        upload.updated_at = now
    WidgetUpload.objects.bulk_update(uploads, ["attachment", "updated_at"])


# --- Files ------------------------------------------------------------------------------------


def _attachment_kind(mime_type: str) -> AttachmentKind:
    return AttachmentKind.IMAGE if mime_type.startswith("image/") else AttachmentKind.FILE


def _sniffed_type(head: bytes) -> str | None:
    """The file's type by its first bytes, among UPLOAD_TYPES."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _upload_name(name: str, mime_type: str) -> str:
    """The visitor's file name, safe for storage and headers, ending as its type does (agents
    download it under this name: a PNG called page.html must not be saved as HTML)."""
    base = reply_media.clean_file_name(name)
    extensions = UPLOAD_TYPES[mime_type]
    return base if base.lower().endswith(extensions) else f"{base}{extensions[0]}"


def upload_size_check(size: int) -> None:
    """Refuse a file over MAX_UPLOAD_BYTES: 413, saying the limit."""
    if size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise FileTooLarge(
            f"The file is larger than {limit} MB.",
            extra={"fields": {"file": [f"Over {limit} MB."]}, "max_bytes": MAX_UPLOAD_BYTES},
        )


def visitor_upload_create(*, session: WidgetSession, file: UploadedFile) -> WidgetUpload:
    """Store a file the visitor attached, not yet sent: at most MAX_UPLOAD_BYTES (413), of a type
    in UPLOAD_TYPES as its content says (415), at most MAX_UNSENT_UPLOADS waiting per session.
    Unsent uploads are pruned after UNSENT_UPLOAD_RETENTION."""
    if not file.size:
        raise ApplicationError("The file is empty.", extra={"fields": {"file": ["Empty file."]}})
    upload_size_check(file.size)
    head = file.read(16)
    file.seek(0)
    mime_type = _sniffed_type(head)
    if mime_type is None:
        raise UnsupportedFileType(
            "Only images (JPEG, PNG, GIF, WebP) and PDF files can be sent.",
            extra={"fields": {"file": ["Unsupported type."]}, "types": list(UPLOAD_TYPES)},
        )
    waiting = WidgetUpload.objects.filter(session_id=session.pk, attachment__isnull=True).count()
    if waiting >= MAX_UNSENT_UPLOADS:
        raise ApplicationError(
            f"At most {MAX_UNSENT_UPLOADS} files can wait to be sent: send or remove some first.",
            code="too_many_uploads",
            extra={"fields": {"file": ["Too many unsent files."]}},
        )
    name = _upload_name(file.name or "", mime_type)
    upload = WidgetUpload(
        workspace_id=session.workspace_id, session=session, name=name, mime_type=mime_type, size_bytes=file.size
    )
    upload.file.save(name, file, save=False)
    upload.save()
    return upload


def unsent_widget_uploads_prune(*, older_than: timedelta = UNSENT_UPLOAD_RETENTION) -> int:
    """Delete the files visitors uploaded and never sent."""
    return reply_media.stale_uploads_prune(WidgetUpload.objects.all(), older_than=older_than)


def message_ack(result: IngestResult | Message, client_message_id: str) -> dict:
    """The ack of a visitor message: identical for the first send and every resend."""
    message = result.message if isinstance(result, IngestResult) else result
    return {
        "type": "message.ack",
        "client_message_id": client_message_id,
        "message_id": message.pk,
        "seq": message.pk,
        "created_at": message.received_at.isoformat(),
    }


def visitor_messages_read(*, session: WidgetSession, up_to_message_id: int, exclude_channel: str = "") -> list[int]:
    """The visitor's widget displayed our replies up to `up_to_message_id`: those of this
    visitor's cases on this widget move to `read` (forwards only, never from `queued`: a reply
    is read after it was sent). Returns the ids that changed; other tabs hear of them."""
    if isinstance(up_to_message_id, bool) or not isinstance(up_to_message_id, int) or up_to_message_id <= 0:
        raise ApplicationError("up_to_message_id must be a message id.", extra={"fields": {"up_to_message_id": ["Invalid."]}})
    changed: list[int] = []
    with transaction.atomic():
        replies = (
            Message.objects.select_for_update(of=("self",))
            .filter(
                workspace_id=session.workspace_id,
                channel_account_id=session.channel_account_id,
                case__identity__channel_kind=ChannelKind.WEBCHAT,
                case__identity__external_id=session.identity_external_id,
                direction=Direction.OUT,
                kind=MessageKind.PUBLIC,
                pk__lte=up_to_message_id,
                status__in=[DeliveryStatus.SENT, DeliveryStatus.DELIVERED],
            )
            .order_by("pk")[:500]
        )
        for message in replies:
            if message_status_advance(message=message, status=DeliveryStatus.READ):
                changed.append(message.pk)
        if changed:
            group = session_group(session)
            frames = [{"type": "message.updated", "message": {"id": pk, "status": DeliveryStatus.READ}} for pk in changed]

            def push() -> None:
                for frame in frames:
                    visitor_push_quietly(group, frame, exclude_channel=exclude_channel)

            transaction.on_commit(push)
    return changed


def visitor_typing_notify(*, session: WidgetSession, is_typing: bool) -> int | None:
    """Tell the agents watching the visitor's open case that the visitor is (not) typing.
    Ephemeral, like the agents' own typing: nothing stored. Returns the case id, if any."""
    case_id = selectors.visitor_open_case_id(session=session)
    if case_id is None:
        return None
    name = session.name if session.verified and session.name else f"Visitor {session.visitor_id[:6]}"
    send_to_groups(
        {
            "type": "case.typing",
            "payload": {"case_id": case_id, "user_id": None, "customer": True, "name": name, "is_typing": bool(is_typing)},
        },
        [case_group(case_id)],
    )
    return case_id

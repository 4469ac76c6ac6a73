"""Files agents attach to replies and notes.

Two steps, the way the composer works: each file the agent picks is uploaded at once
(`POST /api/v1/cases/<id>/uploads/`, shown as a chip they can remove), and the reply or note
is sent with the upload ids. Sending turns each upload into the message's attachment — our
copy is the original, so it is `stored` from the start and agents read it through
`/api/v1/attachments/<id>/` like a customer's.

The platforms fetch outbound media by URL (Graph Send API, WhatsApp `link`, Telegram
`sendPhoto`), so an attachment of an outbound message also has a public link
`/media/replies/<id>/<signature>/<name>`: an HMAC of the workspace and attachment id under
SECRET_KEY, unguessable, serving that one file and nothing else (customer files never).
PUBLIC_BASE_URL must be reachable by the platforms for this, as it must for webhooks.

Uploads never sent are pruned after UNSENT_UPLOAD_RETENTION.
"""

from __future__ import annotations

import hashlib
import hmac
import mimetypes
from collections.abc import Sequence
from datetime import timedelta
from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from core.errors import ApplicationError
from inbox.models import Case, Message, MessageAttachment, ReplyUpload
from integrations.events import AttachmentKind

# The smallest of the platforms' general limits (Messenger and Instagram: 25 MB).
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_FILES_PER_MESSAGE = 10
UNSENT_UPLOAD_RETENTION = timedelta(days=1)


def _attachment_kind(mime_type: str) -> str:
    major = mime_type.partition("/")[0]
    return major if major in (AttachmentKind.IMAGE, AttachmentKind.VIDEO, AttachmentKind.AUDIO) else AttachmentKind.FILE


def clean_file_name(name: str) -> str:
    """A file name as uploaded, safe for storage and headers (agents' and web-chat visitors' files)."""
    # Browsers send a bare name, but a path or control characters must never reach storage or headers.
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"/').strip()
    return base[:200] or "file"


def reply_upload_create(*, case: Case, uploaded_by: Membership, file: UploadedFile) -> ReplyUpload:
    """Store a file the agent attached in the composer of `case`, not yet sent."""
    if file.size is None or file.size <= 0:
        raise ApplicationError("The file is empty.", extra={"fields": {"file": ["Empty file."]}})
    if file.size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ApplicationError(
            f"The file is larger than the {limit} MB the channels accept.", code="file_too_large", extra={"fields": {"file": [f"Over {limit} MB."]}}
        )
    name = clean_file_name(file.name or "")
    mime_type = (file.content_type or "").split(";")[0].strip().lower()
    if not mime_type or mime_type == "application/octet-stream":
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    upload = ReplyUpload(workspace_id=case.workspace_id, case=case, uploaded_by=uploaded_by, name=name, mime_type=mime_type, size_bytes=file.size)
    upload.file.save(name, file, save=False)
    upload.save()
    return upload


def reply_uploads_attach(*, message: Message, upload_ids: Sequence[int]) -> list[MessageAttachment]:
    """Turn the composer's uploads into `message`'s attachments (inside the caller's transaction).
    Only unsent uploads of the same case qualify; anything else is refused by id."""
    if not upload_ids:
        message._new_attachments = []
        return []
    if len(upload_ids) > MAX_FILES_PER_MESSAGE:
        raise ApplicationError(
            f"At most {MAX_FILES_PER_MESSAGE} files per message.", extra={"fields": {"upload_ids": [f"At most {MAX_FILES_PER_MESSAGE}."]}}
        )
    wanted = list(dict.fromkeys(upload_ids))
    uploads = {
        upload.pk: upload
        for upload in ReplyUpload.objects.select_for_update()
        .filter(workspace_id=message.workspace_id, case_id=message.case_id, pk__in=wanted, attachment__isnull=True)
        .order_by("pk")
    }
    missing = [pk for pk in wanted if pk not in uploads]
    if missing:
        raise ApplicationError(
            "Some attachments are not uploads of this case waiting to be sent.", extra={"fields": {"upload_ids": [f"Unknown or already sent: {missing}."]}}
        )
    # Three statements whatever the count: the public link needs the row's id, so the URLs are
    # set once the ids exist.
    attachments = MessageAttachment.objects.bulk_create(
        [
            MessageAttachment(
                workspace_id=message.workspace_id,
                message=message,
                kind=_attachment_kind(uploads[pk].mime_type),
                url=settings.PUBLIC_BASE_URL,  # replaced below
                mime_type=uploads[pk].mime_type,
                size_bytes=uploads[pk].size_bytes,
                name=uploads[pk].name,
                file=uploads[pk].file.name,
                fetch_status="stored",
            )
            for pk in wanted
        ]
    )
    now = timezone.now()
    for pk, attachment in zip(wanted, attachments, strict=True):
        attachment.url = public_media_url(attachment)
        attachment.updated_at = now
        uploads[pk].attachment = attachment
        uploads[pk].updated_at = now
    MessageAttachment.objects.bulk_update(attachments, ["url", "updated_at"])
    ReplyUpload.objects.bulk_update(list(uploads.values()), ["attachment", "updated_at"])
    message._new_attachments = attachments  # the realtime payload shows them without a query
    return attachments


def _signature(workspace_id: int, attachment_id: int) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"reply-media:{workspace_id}:{attachment_id}".encode(), hashlib.sha256).hexdigest()[:32]


def public_media_url(attachment: MessageAttachment) -> str:
    path = reverse(
        "reply-media",
        kwargs={"pk": attachment.pk, "signature": _signature(attachment.workspace_id, attachment.pk), "name": quote(attachment.name or "file")},
    )
    return f"{settings.PUBLIC_BASE_URL}{path}"


def public_media_get(*, pk: int, signature: str) -> MessageAttachment | None:
    """The outbound attachment a public link names, if its signature is right."""
    attachment = MessageAttachment.objects.filter(pk=pk, upload__isnull=False).first()
    if attachment is None or not attachment.file:
        return None
    if not hmac.compare_digest(signature, _signature(attachment.workspace_id, attachment.pk)):
        return None
    return attachment


def unsent_uploads_prune(*, older_than: timedelta = UNSENT_UPLOAD_RETENTION) -> int:
    """Delete uploads nobody sent (and their files)."""
    return stale_uploads_prune(ReplyUpload.objects.all(), older_than=older_than)


def stale_uploads_prune(uploads, *, older_than: timedelta) -> int:
    """Delete the uploads of `uploads` (a queryset of a model with `file`, `attachment` and
    `created_at`: agents' and web-chat visitors') that were never sent and are older than
    `older_than`, their files first."""
    stale = list(uploads.filter(attachment__isnull=True, created_at__lt=timezone.now() - older_than))
    for upload in stale:
        upload.file.delete(save=False)
    uploads.filter(pk__in=[upload.pk for upload in stale]).delete()
    return len(stale)

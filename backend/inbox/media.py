"""Our own copy of every attachment customers send: platform media links expire (Meta CDN
URLs within days, WhatsApp media ids within minutes of their lookup), so a job downloads each
one right after ingest into the default storage, and agents read it through an authorised URL
(`/api/v1/attachments/<id>/`), never the platform's. Files whose bytes reached us directly (a
web-chat visitor's upload) are stored with their row at ingest: nothing to fetch."""

from __future__ import annotations

import logging
import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse

from channel_accounts.selectors import platform_api_base_url
from inbox.models import MessageAttachment
from integrations.errors import IntegrationError, PlatformError
from integrations.media import is_downloadable, media_download

logger = logging.getLogger("dialogo.media")
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def attachment_needs_fetch(attachment: MessageAttachment) -> bool:
    """Whether a new attachment row waits for our copy: a platform link, not a file stored
    with it at ingest (a web-chat visitor's upload: `Attachment.stored_file`)."""
    return attachment.fetch_status == "pending" and is_downloadable(attachment.url)


def attachments_fetch_later(attachments: list[MessageAttachment]) -> None:
    """Queue the download of each new attachment that needs one (joins the ingest transaction)."""
    from inbox.tasks import fetch_attachment  # tasks import the ingest path

    for attachment in attachments:
        if attachment_needs_fetch(attachment):
            fetch_attachment.defer(attachment_id=attachment.pk)


def stored_file_response(attachment: MessageAttachment) -> FileResponse:
    """Our stored copy of an attachment as a download: its type and name (agents' authorised URL,
    the platforms' signed link to agents' files, a visitor's own files in the widget)."""
    return FileResponse(
        attachment.file.open("rb"), content_type=attachment.mime_type or "application/octet-stream", filename=attachment.name or None
    )


def attachment_fetch(*, attachment_id: int) -> str:
    """Download one attachment into storage. Returns stored | failed | skipped; raises
    PlatformError when retryable (the job retries). Safe to repeat: a stored file stays."""
    attachment = MessageAttachment.objects.select_related("message__channel_account").filter(pk=attachment_id).first()
    if attachment is None or attachment.fetch_status == "stored":
        return "skipped"
    if not is_downloadable(attachment.url):
        MessageAttachment.objects.filter(pk=attachment_id).update(fetch_status="skipped")
        return "skipped"
    account = attachment.message.channel_account
    credentials = account.credentials
    try:
        media = media_download(attachment.url, credentials=credentials, base_url=platform_api_base_url(account, credentials))
    except PlatformError as exc:
        if exc.retryable:
            raise
        return _failed(attachment_id, exc)
    except IntegrationError as exc:
        return _failed(attachment_id, exc)
    name = SAFE_NAME.sub("_", attachment.name or f"{attachment.kind}")[:80]
    path = f"attachments/{attachment.workspace_id}/{attachment.message_id}/{attachment.pk}-{name}"
    with transaction.atomic():
        attachment = MessageAttachment.objects.select_for_update().get(pk=attachment_id)
        if attachment.fetch_status == "stored":
            return "skipped"
        attachment.file.save(path, ContentFile(media.content), save=False)
        attachment.fetch_status = "stored"
        attachment.fetch_error = ""
        attachment.mime_type = attachment.mime_type or media.mime_type
        attachment.size_bytes = attachment.size_bytes or len(media.content)
        attachment.save(update_fields=["file", "fetch_status", "fetch_error", "mime_type", "size_bytes", "updated_at"])
    return "stored"


def _failed(attachment_id: int, exc: Exception) -> str:
    logger.warning("attachment %s could not be downloaded: %s", attachment_id, exc)
    MessageAttachment.objects.filter(pk=attachment_id).update(fetch_status="failed", fetch_error=str(exc)[:2000])
    return "failed"

"""Email: raw RFC 5322 messages (ESP raw-MIME webhooks, IMAP) in, SMTP out.

* `parse` — raw bytes → normalized events (InboundMessage, Echo, DeliveryReceipt, Ignored).
* `compose` — an `OutboundMessage` → an `EmailMessage` with our Message-ID and threading headers.
* `esp` — the raw message out of Mailgun's (`body-mime`) and SendGrid's (`email`) inbound forms.
* `verify` — Mailgun's webhook signature and our own raw-MIME webhook's shared secret.
* `smtp` — `SmtpClient` (OutboundClient); `imap` — `ImapPoller` (UID-based incremental fetch).

Threading contract: our Message-IDs look like `<case-ref>.<16 hex>@<domain>` (see
`compose.new_message_id`), and our Reply-To is plus-addressed `local+<token>@domain` (see
`parse.reply_token`), so a customer's reply finds its case by token, then by In-Reply-To /
References, and only as a last resort by subject.
"""

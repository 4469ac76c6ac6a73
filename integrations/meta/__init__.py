"""What Messenger, Instagram and WhatsApp Cloud share: Meta's webhook handshake, signature and
the `messaging[]` event shapes (Messenger and Instagram DMs)."""

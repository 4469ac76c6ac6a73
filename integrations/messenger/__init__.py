"""Facebook Messenger (webhook object `page`)."""

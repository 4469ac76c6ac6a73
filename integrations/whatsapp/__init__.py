"""WhatsApp Cloud API (webhook object `whatsapp_business_account`)."""

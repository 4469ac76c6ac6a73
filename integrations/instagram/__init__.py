"""Instagram: DMs (`messaging[]`), comments and mentions (`changes[]`) (webhook object `instagram`)."""

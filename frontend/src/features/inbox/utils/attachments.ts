import type { Attachment } from '../types';

/** A `geo:lat,long` link (Telegram and WhatsApp locations) as a map anyone can open. */
export function geoLocation(url: string): { latitude: number; longitude: number; mapUrl: string } | null {
  const match = /^geo:(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/i.exec(url.trim());
  if (!match) return null;
  const latitude = Number(match[1]);
  const longitude = Number(match[2]);
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return {
    latitude,
    longitude,
    mapUrl: `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`,
  };
}

/** Shown inline as a thumbnail: pictures and stickers we can fetch. */
export function isImageAttachment(attachment: Attachment): boolean {
  if (attachment.url.startsWith('geo:')) return false;
  const mime = attachment.mime_type?.toLowerCase() ?? '';
  if (mime) return mime.startsWith('image/');
  return attachment.kind === 'image' || attachment.kind === 'sticker';
}

/** A file size in the person's language (shared with the settings screens). */
export { byteSize as formatBytes } from '@/lib/format';

/** The file's own name, else the last part of a web link; '' when neither says anything (the UI names the kind). */
export function attachmentName(attachment: Attachment): string {
  if (attachment.name) return attachment.name;
  for (const source of [attachment.original_url, attachment.url]) {
    if (!source || !/^https?:\/\//i.test(source)) continue;
    try {
      const last = new URL(source).pathname.split('/').filter(Boolean).pop();
      if (last && /\.[a-z0-9]{2,5}$/i.test(last)) return decodeURIComponent(last);
    } catch {
      // Not a URL after all.
    }
  }
  return '';
}

import { describe, expect, it } from 'vitest';

import { attachmentName, formatBytes, geoLocation, isImageAttachment } from '../attachments';

describe('geoLocation', () => {
  it('turns a geo: link into a map link', () => {
    expect(geoLocation('geo:40.4168,-3.7038')).toEqual({
      latitude: 40.4168,
      longitude: -3.7038,
      mapUrl: 'https://www.openstreetmap.org/?mlat=40.4168&mlon=-3.7038#map=16/40.4168/-3.7038',
    });
    expect(geoLocation('geo:52.23,21.01;u=35')?.latitude).toBe(52.23);
  });

  it('refuses anything else', () => {
    expect(geoLocation('/api/v1/attachments/3/')).toBeNull();
    expect(geoLocation('geo:123,456')).toBeNull();
    expect(geoLocation('geo:abc')).toBeNull();
  });
});

describe('isImageAttachment', () => {
  it('previews images and stickers, by MIME type first', () => {
    expect(isImageAttachment({ url: '/api/v1/attachments/1/', kind: 'image' })).toBe(true);
    expect(isImageAttachment({ url: '/api/v1/attachments/1/', kind: 'sticker', mime_type: 'image/webp' })).toBe(true);
    expect(isImageAttachment({ url: '/api/v1/attachments/1/', kind: 'file', mime_type: 'image/png' })).toBe(true);
    expect(isImageAttachment({ url: '/api/v1/attachments/1/', kind: 'image', mime_type: 'application/pdf' })).toBe(false);
    expect(isImageAttachment({ url: 'geo:1,2', kind: 'location' })).toBe(false);
  });
});

describe('formatBytes', () => {
  it('says sizes the way each language writes them', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 kB');
    expect(formatBytes(5 * 1024 * 1024, 'en')).toBe('5 MB');
    expect(formatBytes(1536, 'pl')).toMatch(/^1,5\s?kB$/);
    expect(formatBytes(null, 'en')).toBe('');
  });
});

describe('attachmentName', () => {
  it('uses the name, else a file name in the platform’s web link, else nothing', () => {
    expect(attachmentName({ url: '/api/v1/attachments/1/', name: 'invoice.pdf' })).toBe('invoice.pdf');
    expect(attachmentName({ url: '/api/v1/attachments/1/', original_url: 'https://cdn.example/files/receipt%201.pdf' })).toBe(
      'receipt 1.pdf',
    );
    // Platform media ids and our own download path are not names.
    expect(attachmentName({ url: '/api/v1/attachments/1/', original_url: 'telegram-file:AwACAgQAAx', kind: 'audio' })).toBe('');
    expect(attachmentName({ url: '/api/v1/attachments/1/', original_url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' })).toBe('');
  });
});

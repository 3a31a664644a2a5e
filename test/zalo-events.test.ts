import { describe, expect, it } from 'vitest';
import { parseZaloUpdate, parseZaloUpdates, zaloUpdateKind } from '../src/channels/zalo/events.js';
import { zaloTextUpdate, zaloUpdate } from './support/fake-zalo.js';
import { zaloDeliveryKey } from '../src/channels/zalo/channel.js';

/** The official sample text event (flat, as live webhooks deliver it). */
const sampleText = {
  event_name: 'message.text.received',
  message: {
    from: { id: '6ede9afa66b88fe6d6a9', display_name: 'Ted', is_bot: false },
    chat: { id: '6ede9afa66b88fe6d6a9', chat_type: 'PRIVATE' },
    text: 'Xin chào',
    message_id: '2d758cb5e222177a4e35',
    date: 1750316131602,
  },
};

const expectedText = {
  kind: 'text',
  eventName: 'message.text.received',
  chatId: '6ede9afa66b88fe6d6a9',
  chatType: 'PRIVATE',
  userId: '6ede9afa66b88fe6d6a9',
  userName: 'Ted',
  messageId: '2d758cb5e222177a4e35',
  text: 'Xin chào',
  date: 1750316131602,
};

describe('parseZaloUpdate', () => {
  it('normalises a flat text event', () => {
    expect(parseZaloUpdate(sampleText)).toEqual({ ok: true, update: expectedText });
  });

  it('unwraps the documented { ok: true, result } form', () => {
    expect(parseZaloUpdate({ ok: true, result: sampleText })).toEqual({ ok: true, update: expectedText });
  });

  it('parses what the fake server builds', () => {
    const result = parseZaloUpdate(zaloTextUpdate('Lương tháng 13?', { chatId: 'c1', userId: 'u1', userName: 'Lan' }));
    expect(result.ok && result.update).toMatchObject({ kind: 'text', chatId: 'c1', userId: 'u1', userName: 'Lan', text: 'Lương tháng 13?' });
  });

  it('reads live image events from photo_url, and the documented photo field as a fallback', () => {
    const live = zaloUpdate({ eventName: 'message.image.received', extra: { photo_url: 'https://x/1.jpg', caption: 'Bảng lương' } });
    const documented = zaloUpdate({ eventName: 'message.image.received', extra: { photo: 'https://x/2.jpg' } });
    const a = parseZaloUpdate(live);
    const b = parseZaloUpdate(documented);
    expect(a.ok && a.update).toMatchObject({ kind: 'image', photoUrl: 'https://x/1.jpg', caption: 'Bảng lương' });
    expect(a.ok && a.update.text).toBeUndefined();
    expect(b.ok && b.update).toMatchObject({ kind: 'image', photoUrl: 'https://x/2.jpg' });
  });

  it('tells text apart from sticker, unsupported and unknown events', () => {
    const kinds = [
      'message.sticker.received',
      'message.unsupported.received',
      'message.voice.received',
      'message.something.new',
    ].map((eventName) => {
      const result = parseZaloUpdate(zaloUpdate({ eventName }));
      return result.ok ? result.update.kind : result.error;
    });
    expect(kinds).toEqual(['sticker', 'unsupported', 'voice', 'other']);
    expect(zaloUpdateKind('message.text.received')).toBe('text');
    expect(zaloUpdateKind('toString')).toBe('other');
  });

  it('keeps the event name of a non-text event that happens to carry text', () => {
    const result = parseZaloUpdate(zaloUpdate({ eventName: 'message.sticker.received', text: 'ignored' }));
    expect(result.ok && result.update).toMatchObject({ kind: 'sticker', eventName: 'message.sticker.received' });
    expect(result.ok && result.update.text).toBeUndefined();
  });

  it('tolerates numeric ids, a name field and second-based dates', () => {
    const raw = {
      event_name: 'message.text.received',
      message: { from: { id: 42, name: 'Old' }, chat: { id: 7 }, text: 'hi', message_id: 99, date: 1750316131 },
    };
    const result = parseZaloUpdate(raw);
    expect(result).toEqual({
      ok: true,
      update: { kind: 'text', eventName: 'message.text.received', chatId: '7', userId: '42', userName: 'Old', messageId: '99', text: 'hi', date: 1750316131000 },
    });
  });

  it('rejects malformed inputs with a reason instead of throwing', () => {
    const bad: unknown[] = [
      null,
      undefined,
      42,
      'message.text.received',
      [],
      {},
      { event_name: 'message.text.received' },
      { event_name: '', message: sampleText.message },
      { event_name: 'message.text.received', message: { ...sampleText.message, chat: undefined } },
      { event_name: 'message.text.received', message: { ...sampleText.message, from: { id: '' } } },
      { event_name: 'message.text.received', message: { ...sampleText.message, date: 'yesterday' } },
      { event_name: 'message.text.received', message: { ...sampleText.message, text: undefined } },
      { ok: false, error_code: 408, description: 'Request timeout' },
      { ok: true, result: null },
      { ok: true, result: { ok: 'yes' } },
      { ok: 'true', result: sampleText },
    ];
    for (const input of bad) {
      const result = parseZaloUpdate(input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
    }
  });

  it('does not echo message content in rejection reasons', () => {
    const result = parseZaloUpdate({ event_name: 'message.text.received', message: { ...sampleText.message, chat: { id: 5.5e300, x: 1 }, from: 'Nguyễn Văn A' } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('message.from');
      expect(result.error).not.toContain('Nguyễn');
      expect(result.error).not.toContain('Xin chào');
    }
  });
});

describe('parseZaloUpdates', () => {
  it('accepts one update, wrapped or not', () => {
    expect(parseZaloUpdates({ ok: true, result: sampleText })).toEqual({ updates: [expectedText], errors: [] });
    expect(parseZaloUpdates(sampleText)).toEqual({ updates: [expectedText], errors: [] });
  });

  it('accepts an array and reports bad items by index', () => {
    const second = zaloTextUpdate('hai');
    const batch = parseZaloUpdates({ ok: true, result: [sampleText, { event_name: 'x' }, second] });
    expect(batch.updates.map((u) => u.text)).toEqual(['Xin chào', 'hai']);
    expect(batch.errors).toHaveLength(1);
    expect(batch.errors[0]).toMatch(/^\[1\] message/);
  });

  it('treats an empty result as no updates and an error envelope as an error', () => {
    expect(parseZaloUpdates({ ok: true })).toEqual({ updates: [], errors: [] });
    expect(parseZaloUpdates(null)).toEqual({ updates: [], errors: [] });
    expect(parseZaloUpdates({ ok: true, result: [] })).toEqual({ updates: [], errors: [] });
    const failed = parseZaloUpdates({ ok: false, error_code: 401, description: 'Unauthorized' });
    expect(failed.updates).toEqual([]);
    expect(failed.errors[0]).toContain('401');
  });

  it('never throws on junk', () => {
    for (const junk of [42, 'x', true, [1, 2], { ok: true, result: 'x' }]) {
      const batch = parseZaloUpdates(junk);
      expect(batch.updates).toEqual([]);
      expect(batch.errors.length).toBeGreaterThan(0);
    }
  });
});

describe('zaloDeliveryKey', () => {
  it('keeps chat and message ids apart whatever they hold', () => {
    expect(zaloDeliveryKey('a:b', 'c')).not.toBe(zaloDeliveryKey('a', 'b:c'));
    expect(zaloDeliveryKey('a"', 'b')).not.toBe(zaloDeliveryKey('a', '"b'));
    expect(zaloDeliveryKey('c1', 'm1')).toBe(zaloDeliveryKey('c1', 'm1'));
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFloodGuard, FLOOD_DEFAULTS } from '../../src/inbox/flood.js';

describe('flood guard (unit)', () => {
  it('lets maxPerWindow messages through, warns once, then drops', () => {
    const g = createFloodGuard({ maxPerWindow: 3, windowMs: 1000 });
    const got = Array.from({ length: 7 }, (_, i) => g.check('tg:1', i * 10));
    expect(got).toEqual(['ok', 'ok', 'ok', 'warn', 'drop', 'drop', 'drop']);
  });

  it('never slows another chat', () => {
    const g = createFloodGuard({ maxPerWindow: 2, windowMs: 1000 });
    for (let i = 0; i < 50; i++) g.check('tg:flooder', i);
    expect(g.check('tg:other', 50)).toBe('ok');
    expect(g.check('zalo:flooder', 51)).toBe('ok'); // same chat id, other channel: another chat
  });

  it('a flooder that keeps going gets one message per freed slot and no second warning', () => {
    const g = createFloodGuard({ maxPerWindow: 2, windowMs: 1000 });
    const verdicts: string[] = [];
    for (let t = 0; t <= 2500; t += 100) verdicts.push(g.check('c', t));
    expect(verdicts.filter((v) => v === 'warn')).toHaveLength(1);
    // Two per window: t=0,100 then t=1000,1100 then t=2000,2100.
    expect(verdicts.filter((v) => v === 'ok')).toHaveLength(6);
  });

  it('re-arms the warning after a whole window of silence', () => {
    const g = createFloodGuard({ maxPerWindow: 1, windowMs: 1000 });
    expect([g.check('c', 0), g.check('c', 1), g.check('c', 2)]).toEqual(['ok', 'warn', 'drop']);
    expect([g.check('c', 1002), g.check('c', 1003)]).toEqual(['ok', 'warn']);
  });

  it('forgets quiet chats (memory stays bounded)', () => {
    const g = createFloodGuard({ maxPerWindow: 5, windowMs: 1000 });
    for (let i = 0; i < 5000; i++) g.check(`chat${i}`, i);
    // Sweeps run every 1024 checks and drop chats quiet for a window; at most ~2 windows' worth remain.
    expect(g.size()).toBeLessThan(2100);
  });

  it('defaults to 8 messages per 10 s', () => {
    expect(FLOOD_DEFAULTS).toEqual({ maxPerWindow: 8, windowMs: 10_000 });
    const g = createFloodGuard();
    const got = Array.from({ length: 10 }, (_, i) => g.check('c', i * 500));
    expect(got).toEqual([...Array<string>(8).fill('ok'), 'warn', 'drop']);
  });

  it('property: within any window a chat gets at most maxPerWindow ok and at most one warn per flood', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 10, max: 5000 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 300 }),
        (max, windowMs, gaps) => {
          const g = createFloodGuard({ maxPerWindow: max, windowMs });
          let t = 0;
          const oks: number[] = [];
          let warns = 0;
          let silences = 0;
          gaps.forEach((gap, i) => {
            t += gap;
            if (i > 0 && gap >= windowMs) silences++;
            const v = g.check('c', t);
            if (v === 'ok') oks.push(t);
            if (v === 'warn') warns++;
          });
          for (let i = max; i < oks.length; i++) expect((oks[i] ?? 0) - (oks[i - max] ?? 0)).toBeGreaterThanOrEqual(windowMs);
          expect(warns).toBeLessThanOrEqual(1 + silences);
        },
      ),
      { numRuns: 200 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';

describe('parseConfig PORT', () => {
  it('accepts plain digits and refuses spaces, hex and exponents with a config message', () => {
    expect(parseConfig({ PORT: '8080' }).port).toBe(8080);
    for (const bad of [' 80 ', '0x50', '1e3', '-1', '70000']) expect(() => parseConfig({ PORT: bad }), bad).toThrow(/PORT/);
  });
});

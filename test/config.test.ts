import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';

describe('parseConfig PORT', () => {
  it('accepts plain digits and refuses spaces, hex and exponents with a config message', () => {
    expect(parseConfig({ PORT: '8080' }).port).toBe(8080);
    for (const bad of [' 80 ', '0x50', '1e3', '-1', '70000']) expect(() => parseConfig({ PORT: bad }), bad).toThrow(/PORT/);
  });
});

describe('parseConfig TRUST_PROXY', () => {
  it('trusts no proxy unless told', () => {
    const { trustProxy } = parseConfig({});
    expect(trustProxy.loopback).toBe(false);
    expect([...trustProxy.addresses]).toEqual([]);
  });

  it('takes a comma-separated list of IP addresses and the word loopback', () => {
    const { trustProxy } = parseConfig({ TRUST_PROXY: ' 10.0.0.2, loopback ,::FFFF:192.168.1.5, 2001:DB8::1' });
    expect(trustProxy.loopback).toBe(true);
    expect([...trustProxy.addresses].sort()).toEqual(['10.0.0.2', '192.168.1.5', '2001:db8::1']);
  });

  it('refuses anything that is not an address, naming the entries, with a config message', () => {
    expect(() => parseConfig({ TRUST_PROXY: '10.0.0.2, nginx, 10.0.0.0/8' })).toThrow(/not an IP address: nginx, 10\.0\.0\.0\/8[\s\S]*at TRUST_PROXY/);
    expect(() => parseConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => parseConfig({ TRUST_PROXY: ' , ' })).toThrow(/at least one[\s\S]*at TRUST_PROXY/);
  });
});

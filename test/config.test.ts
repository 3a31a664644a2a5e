import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

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

describe('parseConfig DATABASE_URL', () => {
  it('accepts a PostgreSQL URL with an encoded password', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u:p%40ss@db-host:5432/congdoan' }).databaseUrl).toBe('postgres://u:p%40ss@db-host:5432/congdoan');
  });

  it('refuses a password with bad % encoding or a host that does not parse, naming the variable', () => {
    for (const bad of ['postgres://u:%zz@h/db', 'postgres://u:p@[bad/db', 'postgres://u:p@exa mple/db', 'postgres://']) {
      expect(() => parseConfig({ DATABASE_URL: bad }), bad).toThrow(ConfigError);
      expect(() => parseConfig({ DATABASE_URL: bad }), bad).toThrow(/DATABASE_URL/);
    }
  });

  it('never repeats the password in the message', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://u:s3cret%zz@h/db' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
  });
});

describe('parseConfig HOST', () => {
  it('accepts IP addresses and host names', () => {
    for (const good of ['0.0.0.0', '127.0.0.1', '::', '::1', 'localhost', 'bot.example.org', 'db-1']) expect(parseConfig({ HOST: good }).host, good).toBe(good);
  });

  it('refuses an address that is neither, with a config message naming HOST (or METRICS_HOST)', () => {
    for (const bad of ['999.1.1.1', '1.2.3', 'exa mple', '-bad', 'host_name', '::gg']) {
      expect(() => parseConfig({ HOST: bad }), bad).toThrow(ConfigError);
      expect(() => parseConfig({ HOST: bad }), bad).toThrow(/HOST/);
    }
    expect(() => parseConfig({ METRICS_HOST: '999.1.1.1' })).toThrow(/METRICS_HOST/);
  });
});

describe('parseConfig SHUTDOWN_TIMEOUT_SECONDS', () => {
  it('is 10 s unless told, in whole seconds', () => {
    expect(parseConfig({}).shutdownTimeoutMs).toBe(10_000);
    expect(parseConfig({ SHUTDOWN_TIMEOUT_SECONDS: '25' }).shutdownTimeoutMs).toBe(25_000);
    for (const bad of ['0', '1.5', 'ten', '-3']) expect(() => parseConfig({ SHUTDOWN_TIMEOUT_SECONDS: bad }), bad).toThrow(/SHUTDOWN_TIMEOUT_SECONDS/);
  });
});

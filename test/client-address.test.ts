import { describe, expect, it } from 'vitest';
import { NO_TRUSTED_PROXIES, clientAddress, parseTrustedProxies } from '../src/http/client-address.js';

describe('clientAddress', () => {
  const nginx = parseTrustedProxies('10.0.0.2');

  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('198.51.100.7', '203.0.113.9', NO_TRUSTED_PROXIES)).toBe('198.51.100.7');
    expect(clientAddress('::ffff:198.51.100.7', undefined, NO_TRUSTED_PROXIES)).toBe('198.51.100.7');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('198.51.100.7', '203.0.113.9', nginx)).toBe('198.51.100.7');
  });

  it('takes the right-most forwarded address that is not a trusted proxy', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.9', nginx)).toBe('203.0.113.9');
    // The client wrote "1.1.1.1" itself; nginx appended the address it saw.
    expect(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.9', nginx)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', '203.0.113.9, 10.0.0.2', nginx)).toBe('203.0.113.9');
    expect(clientAddress('::1', '203.0.113.9', parseTrustedProxies('loopback'))).toBe('203.0.113.9');
  });

  it('stops at the last trusted hop on a malformed entry or a missing header', () => {
    expect(clientAddress('10.0.0.2', 'not-an-ip', nginx)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', undefined, nginx)).toBe('10.0.0.2');
  });
});

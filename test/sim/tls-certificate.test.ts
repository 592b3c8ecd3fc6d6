// The local venue's TLS identity made at start: a CA that may sign servers only, and a server
// certificate for 127.0.0.1 and localhost that the CA signed, valid now; a fresh pair each time.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { localTlsIdentity } from '../../src/sim/tls/certificate.js';

describe('local venue TLS identity', () => {
  it('a CA and a server certificate it signed, for 127.0.0.1 and localhost, valid now', () => {
    const now = Date.now();
    const id = localTlsIdentity(24 * 3_600_000, now);
    const ca = new X509Certificate(id.caPem);
    const server = new X509Certificate(id.certPem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('10.0.0.1')).toBeUndefined();
    expect(server.checkHost('example.com')).toBeUndefined();
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(Date.parse(server.validFrom)).toBeLessThanOrEqual(now);
    expect(Date.parse(server.validTo)).toBeGreaterThan(now + 23 * 3_600_000);
    expect(server.checkPrivateKey(createPrivateKey(id.keyPem))).toBe(true);
  });

  it('each start makes a new CA: the CA of one run does not vouch for the server of another', () => {
    const a = localTlsIdentity();
    const b = localTlsIdentity();
    expect(new X509Certificate(b.certPem).verify(new X509Certificate(a.caPem).publicKey)).toBe(false);
  });
});

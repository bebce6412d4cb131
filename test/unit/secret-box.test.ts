import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../src/config';
import { SecretBox, SecretBoxError } from '../../src/directory/secret-box';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('SecretBox', () => {
  it('seals with the first key and opens with any configured key, bound to its record', () => {
    const old = key('k1');
    const sealed = new SecretBox([old]).seal('{"bearerToken":"t0ps3cret"}', 'connection-1');
    expect(sealed).not.toContain('t0ps3cret');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    const rotated = new SecretBox([key('k2'), old]);
    expect(rotated.open(sealed, 'connection-1')).toBe('{"bearerToken":"t0ps3cret"}');
    expect(rotated.needsRotation(sealed)).toBe(true);
    expect(rotated.needsRotation(rotated.seal('x', 'connection-1'))).toBe(false);
    expect(() => rotated.open(sealed, 'connection-2')).toThrow(SecretBoxError);
  });

  it('refuses tampered values and unknown keys with a clear error', () => {
    const box = new SecretBox([key('k1')]);
    const sealed = box.seal('secret', 'c');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'c')).toThrow('does not open');
    expect(() => new SecretBox([key('k9')]).open(sealed, 'c')).toThrow(
      'sealed with key "k1", which is not configured',
    );
  });

  it('reads CONNECTION_ENCRYPTION_KEYS and names a malformed entry', () => {
    const good = `new:${randomBytes(32).toString('base64')},old:${randomBytes(32).toString('base64')}`;
    expect(loadConfig({ CONNECTION_ENCRYPTION_KEYS: good }).encryptionKeys.map((entry) => entry.id)).toEqual([
      'new',
      'old',
    ]);
    expect(() => loadConfig({ CONNECTION_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrow(ConfigError);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40), CURSOR_SECRET: 'y'.repeat(40) }),
    ).toThrow('set CONNECTION_ENCRYPTION_KEYS in production');
  });
});

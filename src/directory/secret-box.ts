import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EncryptionKey } from '../config';

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/**
 * AES-256-GCM for connection configurations. The stored form names the key that sealed it
 * ("v1.<key id>.<iv>.<tag>.<ciphertext>", base64url), so keys can be rotated: the first configured
 * key seals, every configured key opens, and `needsRotation` tells when to seal again.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;

  constructor(private readonly encryptionKeys: readonly EncryptionKey[]) {
    if (encryptionKeys.length === 0) throw new SecretBoxError('no encryption key configured');
    this.keys = new Map(encryptionKeys.map((key) => [key.id, key.key]));
  }

  seal(plaintext: string, associatedData: string): string {
    const { id, key } = this.encryptionKeys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v1',
      id,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  /** associatedData binds the ciphertext to its row (e.g. the connection id): it cannot be moved to another. */
  open(sealed: string, associatedData: string): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !keyId || !iv || !tag || ciphertext === undefined)
      throw new SecretBoxError('not a sealed value');
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`sealed with key "${keyId}", which is not configured`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        'sealed value does not open with its key (tampered, or sealed for another record)',
      );
    }
  }

  needsRotation(sealed: string): boolean {
    return sealed.split('.')[1] !== this.encryptionKeys[0].id;
  }
}

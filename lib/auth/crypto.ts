import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { env } from '@/lib/env';

/**
 * GitHub tokens are stored encrypted (AES-256-GCM). The key is TOKEN_ENCRYPTION_KEY, or derived
 * from AUTH_SECRET with HKDF so a single secret suffices. Format: v1.<iv>.<tag>.<ciphertext> (base64url).
 */
let derived: { secret: string; key: Buffer } | undefined;

function encryptionKey(): Buffer {
  const { TOKEN_ENCRYPTION_KEY, AUTH_SECRET } = env();
  if (TOKEN_ENCRYPTION_KEY) return Buffer.from(TOKEN_ENCRYPTION_KEY, 'hex');
  if (!AUTH_SECRET) throw new Error('AUTH_SECRET or TOKEN_ENCRYPTION_KEY must be set to store GitHub tokens.');
  // Every authenticated request decrypts a token: derive once per secret, not once per request.
  if (derived?.secret !== AUTH_SECRET) {
    derived = { secret: AUTH_SECRET, key: Buffer.from(hkdfSync('sha256', AUTH_SECRET, 'webedt', 'github-token-encryption', 32)) };
  }
  return derived.key;
}

export function encryptSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('Unrecognized encrypted token format.');
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

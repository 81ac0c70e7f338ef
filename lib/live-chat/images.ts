import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { ObjectStore } from '@/lib/storage';
import { type ChatImageType, type ChatPartOf, MAX_IMAGE_BYTES } from './protocol';

/**
 * Images pasted into Live Chat, kept in the object store under their owner (the user who pasted them),
 * sent to the model as image blocks. Only the owner can read them back: the key is built from the
 * signed-in user's id, never from the request.
 */

const IMAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isImageId = (id: string) => IMAGE_ID.test(id);

const imageKey = (userId: string, id: string) => `live-chat/images/${userId}/${id}`;

/** The image type from the bytes themselves (what the browser claims is not trusted). */
export function sniffImageType(bytes: Uint8Array): ChatImageType | null {
  const ascii = (start: number, end: number) => Buffer.from(bytes.subarray(start, end)).toString('latin1');
  if (bytes[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Stores one pasted image (base64) and returns its part for the message. */
export async function storeImage(store: ObjectStore, userId: string, base64: string, index: number): Promise<ChatPartOf<'image'>> {
  const bytes = Buffer.from(base64, 'base64');
  const which = `Image ${index + 1}`;
  if (bytes.length === 0) throw new AppError('validation_failed', `${which} is empty.`);
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new AppError('payload_too_large', `${which} is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; images are limited to ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`);
  }
  const mediaType = sniffImageType(bytes);
  if (!mediaType) throw new AppError('validation_failed', `${which} is not a PNG, JPEG, GIF or WebP image.`);
  const id = randomUUID();
  await store.put(imageKey(userId, id), bytes, { contentType: mediaType });
  return { type: 'image', id, mediaType, size: bytes.length };
}

export async function readImage(store: ObjectStore, userId: string, id: string): Promise<{ bytes: Buffer; mediaType: string } | null> {
  if (!isImageId(id)) return null;
  const object = await store.get(imageKey(userId, id));
  if (!object) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
  return { bytes: Buffer.concat(chunks), mediaType: object.contentType };
}

export async function deleteImages(store: ObjectStore, images: Array<{ userId: string; id: string }>): Promise<void> {
  await Promise.all(images.filter((image) => isImageId(image.id)).map((image) => store.delete(imageKey(image.userId, image.id))));
}

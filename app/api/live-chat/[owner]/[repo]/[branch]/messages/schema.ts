import { z } from 'zod';
import { repoPath } from '@/lib/github/paths';
import { MAX_IMAGE_BYTES, MAX_IMAGES_PER_MESSAGE } from '@/lib/live-chat/protocol';

export const MAX_MESSAGE_CHARS = 20_000;

const line = z.number().int().min(1, 'lines count from 1').max(10_000_000);

/** A file of the branch, optionally lines of it (a selection); the file is checked on the branch. */
const attachment = z
  .strictObject({ path: repoPath, startLine: line.optional(), endLine: line.optional() })
  .refine((value) => value.endLine === undefined || value.startLine !== undefined, { message: 'endLine needs a startLine', path: ['endLine'] })
  .refine((value) => value.endLine === undefined || value.startLine === undefined || value.endLine >= value.startLine, {
    message: 'endLine must not be before startLine',
    path: ['endLine'],
  });

/** Base64 of one image; the type is read from the bytes. */
const image = z.strictObject({
  data: z
    .string()
    .max(Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 4, `an image can be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
});

export const postMessageBody = z
  .strictObject({
    content: z.string().trim().max(MAX_MESSAGE_CHARS, `Keep the message under ${MAX_MESSAGE_CHARS.toLocaleString('en')} characters.`).default(''),
    attachment: attachment.optional(),
    images: z.array(image).max(MAX_IMAGES_PER_MESSAGE, `Attach at most ${MAX_IMAGES_PER_MESSAGE} images.`).default([]),
  })
  .refine((body) => body.content !== '' || body.images.length > 0, { message: 'Write a message (or paste an image).', path: ['content'] });

/** Images travel inside the JSON body as base64. */
export const MAX_MESSAGE_BODY_BYTES = MAX_IMAGES_PER_MESSAGE * Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 256 * 1024;

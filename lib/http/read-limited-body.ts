/**
 * Reads a request body as UTF-8 text, counting the bytes actually received and stopping as
 * soon as `maxBytes` is passed (413 whatever Content-Length claimed). Invalid UTF-8 and a
 * leading byte order mark are refused (400).
 */
import { AppError } from '@/lib/errors';

export async function readLimitedText(req: Request, maxBytes: number, tooLarge = `The body may be at most ${maxBytes} bytes.`): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', tooLarge);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AppError('PAYLOAD_TOO_LARGE', tooLarge);
    }
    chunks.push(value);
  }
  let text: string;
  try {
    // ignoreBOM keeps a byte order mark in the text instead of dropping it silently, so the
    // text is exactly the bytes received: a signature over the raw bytes (request-signature.ts)
    // and one over the text can never disagree.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError('BAD_REQUEST', 'The body is not valid UTF-8.');
  }
  if (text.startsWith('\ufeff')) throw new AppError('BAD_REQUEST', 'The body must not start with a byte order mark (BOM).');
  return text;
}

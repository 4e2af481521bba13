/**
 * Reads a request body as UTF-8 text, counting the bytes actually received and stopping as
 * soon as `maxBytes` is passed (413 whatever Content-Length claimed).
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
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError('BAD_REQUEST', 'The body is not valid UTF-8.');
  }
}

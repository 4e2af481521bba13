/** A local HTTP webhook receiver for the outbox tests: records every request, answers as told. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TReceived = { headers: IncomingHttpHeaders; body: string };

export type TTestReceiver = {
  url: string;
  received: TReceived[];
  /** Status to answer with (default 204); may also delay to make deliveries overlap. */
  answer: (r: TReceived) => { status: number; delayMs?: number; location?: string };
  close: () => Promise<void>;
};

export async function startTestReceiver(): Promise<TTestReceiver> {
  const receiver: TTestReceiver = { url: '', received: [], answer: () => ({ status: 204 }), close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      receiver.received.push(r);
      const { status, delayMs = 0, location } = receiver.answer(r);
      setTimeout(() => {
        res.writeHead(status, location ? { location } : {});
        res.end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/countersign`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

/**
 * Records the address of the connection each request arrived on in PEER_ADDRESS_HEADER
 * (request-meta.ts), so the client IP of an app with no proxy in front is the connection's own
 * and never what the client wrote in X-Forwarded-For. App Router code has no access to the
 * socket, so this hooks Node's HTTP server itself: the `http.server.request.start` diagnostics
 * channel is published for every request after its headers are parsed and before the server's
 * 'request' listener (Next) runs. Any value the client sent in the header is replaced.
 *
 * Installed once per server process by instrumentation.ts.
 */
import 'server-only';
import { channel, subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { PEER_ADDRESS_HEADER } from './request-meta';

const REQUEST_START = 'http.server.request.start';

/** Held for the life of the process, so the channel and its subscriber are never collected. */
let requestStart: ReturnType<typeof channel> | null = null;

function recordPeer(message: unknown): void {
  const { request, socket } = message as { request: IncomingMessage; socket?: { remoteAddress?: string } };
  const address = socket?.remoteAddress;
  if (address) request.headers[PEER_ADDRESS_HEADER] = address;
  else delete request.headers[PEER_ADDRESS_HEADER];
}

/** Idempotent: the first call subscribes, later ones do nothing. */
export function installPeerAddressHeader(): void {
  if (requestStart) return;
  requestStart = channel(REQUEST_START);
  subscribe(REQUEST_START, recordPeer);
}

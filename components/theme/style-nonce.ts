/**
 * Gives runtime-injected <style> elements this document's CSP nonce. style-src is nonce-only,
 * and two libraries append bare <style> tags to <head>: sonner 2.0.x (once, when its module is
 * evaluated; it has no nonce option) and Radix's scroll lock (react-style-singleton, per open
 * dialog or menu). Without this the browser refuses them and files a CSP report each time.
 *
 * The nonce is read from the document (a Next script tag; the IDL `nonce` survives nonce
 * hiding), never from props: after router.refresh() the server sends a fresh nonce that the
 * document's policy, fixed at page load, does not know.
 *
 * Only <style> elements appended to <head> without a nonce are touched. That trusts code that
 * is already running, as 'strict-dynamic' does for scripts; injected markup is not affected.
 * Import this module before 'sonner' (ThemeProvider and the Toaster wrapper do).
 */
const PATCHED = Symbol.for('countersign.style-nonce');

type TPatchableHead = HTMLHeadElement & { [PATCHED]?: true };

const nonce: string | undefined =
  typeof document === 'undefined' ? undefined : Array.from(document.scripts).find((script) => script.nonce)?.nonce || undefined;

/** This document's CSP nonce in the browser; undefined on the server. */
export function documentNonce(): string | undefined {
  return nonce;
}

function install(documentNonceValue: string): void {
  const head = document.head as TPatchableHead;
  if (head[PATCHED]) return;
  head[PATCHED] = true;
  const appendChild = HTMLHeadElement.prototype.appendChild;
  head.appendChild = function appendChildWithNonce<T extends Node>(this: HTMLHeadElement, node: T): T {
    if (node instanceof HTMLStyleElement && !node.nonce) node.setAttribute('nonce', documentNonceValue);
    return appendChild.call(this, node) as T;
  };
}

if (nonce) install(nonce);

'use client';
/**
 * The audit page's toolbar: Export (CSV or a JSONL bundle) of the current filter with rows
 * exported / total while it streams, and the Live toggle, which polls for a newer event under
 * the same filter and refreshes the list when one arrives (off = no requests at all). Polls and
 * their refreshes are marked as background requests, so watching does not keep the session open.
 */
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { errorMessageOf } from '@/components/audit/read-stream';
import { dispatchSessionIdle, onSessionEvent, SESSION_IDLE_EVENT } from '@/components/shell/session-events';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/sonner';
import { BACKGROUND_MARK, BACKGROUND_REFRESH_COOKIE, BACKGROUND_REQUEST_HEADER } from '@/lib/auth/background-request';

const LIVE_EVERY_MS = 5000;
const selectClass = 'h-9 rounded-md border border-input bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring';

type TProps = {
  filters: Record<string, string>;
  newestSeq: number | null;
  canExport: boolean;
  /** Fields the reader's role hides: a CSV leaves them out and a verifiable JSONL bundle is not offered. */
  exportWithheld: string[];
  liveAvailable: boolean;
};

function countRecords(text: string, format: string): number {
  const mark = format === 'csv' ? '\r\n' : '\n';
  return text.split(mark).length - 1;
}

function saveBlob(chunks: BlobPart[], type: string, filename: string): void {
  const url = URL.createObjectURL(new Blob(chunks, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const WITHHELD_NOUNS: Record<string, string> = { ip: 'IP addresses', place: 'places', reason: 'reasons', data: 'event details' };

function ExportControl({ filters, withheld }: { filters: Record<string, string>; withheld: string[] }) {
  const verifiable = withheld.length === 0;
  const [format, setFormat] = useState(verifiable ? 'jsonl' : 'csv');
  const [progress, setProgress] = useState<{ rows: number; total: number } | null>(null);

  async function run() {
    const { cursor: _cursor, ...rest } = filters;
    setProgress({ rows: 0, total: 0 });
    try {
      const res = await fetch(`/api/audit/export?${new URLSearchParams({ ...rest, format }).toString()}`);
      if (!res.ok || !res.body) throw new Error(await errorMessageOf(res));
      const total = Number(res.headers.get('x-audit-export-rows') ?? 0);
      const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `audit.${format}`;
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const chunks: BlobPart[] = [];
      let records = 0;
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        chunks.push(r.value);
        records += countRecords(decoder.decode(r.value, { stream: true }), format);
        // CSV has a header record; a JSONL bundle ends with its manifest line.
        setProgress({ rows: Math.min(Math.max(records - 1, 0), total), total });
      }
      saveBlob(chunks, res.headers.get('content-type') ?? 'application/octet-stream', filename);
      toast.success(`Exported ${total} events to ${filename}`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'The export failed.');
    } finally {
      setProgress(null);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor="export-format" className="text-sm">Export format</label>
      <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value)} className={selectClass}>
        {verifiable ? <option value="jsonl">JSONL bundle (verifiable)</option> : null}
        <option value="csv">CSV</option>
      </select>
      {verifiable ? null : (
        <span className="text-sm text-muted-foreground">
          Without {withheld.map((f) => WITHHELD_NOUNS[f] ?? f).join(', ')} and hashes (hidden by your role), so not verifiable.
        </span>
      )}
      <Button type="button" variant="outline" onClick={run} disabled={progress !== null}>{progress ? 'Exporting…' : 'Export'}</Button>
      {progress ? (
        <span className="flex items-center gap-2 text-sm">
          <progress aria-label="Export progress" max={Math.max(progress.total, 1)} value={progress.rows} className="h-2 w-32" />
          <span aria-live="polite">{progress.rows} of {progress.total} events exported</span>
        </span>
      ) : null}
    </div>
  );
}

/** Sets (or clears) the mark that keeps a background `router.refresh()` from counting as activity. */
function markBackgroundRefresh(on: boolean): void {
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${BACKGROUND_REFRESH_COOKIE}=${on ? BACKGROUND_MARK : ''}; Path=/; Max-Age=${on ? 15 : 0}; SameSite=Strict${secure}`;
}

function LiveToggle({ filters, newestSeq }: { filters: Record<string, string>; newestSeq: number | null }) {
  const router = useRouter();
  const [live, setLive] = useState(false);
  const [note, setNote] = useState('');
  const [refreshing, startRefresh] = useTransition();

  // A locked session must not keep asking the server (and the lock screen unmounts this page anyway).
  useEffect(() => onSessionEvent(SESSION_IDLE_EVENT, () => setLive(false)), []);
  useEffect(() => {
    if (!refreshing) markBackgroundRefresh(false);
  }, [refreshing]);

  useEffect(() => {
    if (!live) return;
    let stopped = false;
    const poll = async () => {
      if (document.hidden) return;
      // Polling is not the person's activity: the header keeps it from postponing the idle lock.
      const res = await fetch(`/api/audit/latest?${new URLSearchParams(filters).toString()}`, {
        cache: 'no-store',
        headers: { [BACKGROUND_REQUEST_HEADER]: BACKGROUND_MARK },
      }).catch(() => null);
      if (stopped || !res) return;
      if (res.status === 401) {
        stopped = true;
        setLive(false);
        dispatchSessionIdle();
        return;
      }
      if (!res.ok) return;
      const { seq } = (await res.json()) as { seq: number | null };
      if (seq !== null && seq > (newestSeq ?? 0)) {
        setNote(`New events up to #${seq}`);
        markBackgroundRefresh(true);
        startRefresh(() => router.refresh());
      }
    };
    const timer = setInterval(() => void poll(), LIVE_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [live, filters, newestSeq, router]);

  return (
    <div className="flex items-center gap-2">
      <Button type="button" variant={live ? 'default' : 'outline'} aria-pressed={live} onClick={() => setLive((v) => !v)}>
        <span aria-hidden="true" className={live ? 'size-2 rounded-full bg-green-500' : 'size-2 rounded-full bg-muted-foreground'} />
        Live
      </Button>
      <span className="text-sm text-muted-foreground" aria-live="polite">{live ? note || 'Watching for new events…' : ''}</span>
    </div>
  );
}

export function AuditToolbar({ filters, newestSeq, canExport, exportWithheld, liveAvailable }: TProps) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3" role="group" aria-label="Audit log tools">
      {liveAvailable ? <LiveToggle filters={filters} newestSeq={newestSeq} /> : <span />}
      {canExport ? <ExportControl filters={filters} withheld={exportWithheld} /> : null}
    </div>
  );
}

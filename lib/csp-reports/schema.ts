/**
 * The two shapes browsers send CSP violations in, validated with zod and normalised to one
 * `TCspViolation`: the legacy `report-uri` body (`application/csp-report`,
 * `{ "csp-report": {...} }`) and the Reporting API batch (`application/reports+json`, an
 * array of `{ type: "csp-violation", body: {...} }`). Unknown fields are dropped; every
 * string is length-capped.
 */
import { z } from 'zod';

const ZText = z.string().max(4096);
const ZDirective = z.string().regex(/^[a-z-]{1,64}$/, 'not a CSP directive name');
const ZLine = z.number().int().min(0).max(10_000_000);
const ZDisposition = z.enum(['enforce', 'report']);

export const ZLegacyCspReport = z.object({
  'csp-report': z.object({
    'document-uri': ZText,
    'violated-directive': ZText.optional(),
    'effective-directive': ZDirective.optional(),
    'blocked-uri': ZText.optional(),
    'source-file': ZText.optional(),
    'line-number': ZLine.optional(),
    disposition: ZDisposition.optional(),
  }),
});

export const ZReportingApiCspBody = z.object({
  documentURL: ZText,
  effectiveDirective: ZDirective,
  blockedURL: ZText.optional(),
  sourceFile: ZText.optional(),
  lineNumber: ZLine.optional(),
  disposition: ZDisposition.optional(),
});

export const ZReportingApiBatch = z
  .array(
    z.object({
      type: z.string().max(64),
      url: ZText.optional(),
      body: z.unknown(),
    }),
  )
  .min(1)
  .max(50);

export type TCspViolation = {
  documentUri: string;
  effectiveDirective: string;
  blockedUri: string;
  sourceFile: string | null;
  lineNumber: number | null;
  disposition: 'enforce' | 'report';
};

function fromLegacy(r: z.infer<typeof ZLegacyCspReport>['csp-report']): TCspViolation {
  // Old browsers send only violated-directive ("script-src 'self' …"): its first token is it.
  const directive = r['effective-directive'] ?? r['violated-directive']?.trim().split(/\s+/)[0] ?? '';
  return {
    documentUri: r['document-uri'],
    effectiveDirective: ZDirective.parse(directive),
    blockedUri: r['blocked-uri'] ?? '',
    sourceFile: r['source-file'] ?? null,
    lineNumber: r['line-number'] ?? null,
    disposition: r.disposition ?? 'enforce',
  };
}

/**
 * Parses either shape into violations. Throws a ZodError (→ 422) when the body is neither;
 * Reporting API entries of other types (deprecation, intervention…) are ignored.
 */
export function parseCspReportPayload(payload: unknown): TCspViolation[] {
  if (Array.isArray(payload)) {
    return ZReportingApiBatch.parse(payload)
      .flatMap((r, index) => (r.type === 'csp-violation' ? [{ body: r.body, index }] : []))
      .map(({ body, index }) => {
        const parsed = ZReportingApiCspBody.safeParse(body);
        if (!parsed.success) {
          throw new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: [index, 'body', ...i.path] })));
        }
        const b = parsed.data;
        return {
          documentUri: b.documentURL,
          effectiveDirective: b.effectiveDirective,
          blockedUri: b.blockedURL ?? '',
          sourceFile: b.sourceFile ?? null,
          lineNumber: b.lineNumber ?? null,
          disposition: b.disposition ?? 'enforce',
        };
      });
  }
  return [fromLegacy(ZLegacyCspReport.parse(payload)['csp-report'])];
}

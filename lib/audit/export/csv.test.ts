import { describe, expect, it } from 'vitest';
import { AUDIT_CSV_COLUMNS, auditCsvHeader, auditCsvRecord, csvField, csvRecord, neutraliseFormula } from './csv';
import type { TAuditEventRow } from '../hash-audit-event';

describe('RFC 4180 fields and records', () => {
  it('ends every record with CRLF', () => {
    expect(csvRecord(['a', 'b'])).toBe('a,b\r\n');
    expect(auditCsvHeader().endsWith('\r\n')).toBe(true);
  });

  it('leaves plain fields unquoted', () => {
    expect(csvField('plain text 42')).toBe('plain text 42');
    expect(csvField('')).toBe('');
  });

  it('quotes a field containing a comma', () => {
    expect(csvField('a,b')).toBe('"a,b"');
  });

  it('quotes a field containing a double quote and doubles the quote', () => {
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it('quotes a field containing LF or CR', () => {
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });

  it('writes a header row naming every column', () => {
    expect(auditCsvHeader()).toBe(`${AUDIT_CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('formula-injection neutralisation', () => {
  it.each(['=SUM(A1:A2)', '+1', '-1+2', '@cmd', '\tx'])('prefixes %j with a quote', (cell) => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    expect(csvField(cell)).toBe(`'${cell}`);
  });

  it.each([' =HYPERLINK("https://evil.example","open")', '\u00a0=1+1', '\u200b=1+1', '\uff1d1+1', '  \uff20cmd', '\nx'])(
    'prefixes %j, a formula behind whitespace or invisible characters, full-width, or a leading LF',
    (cell) => {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    },
  );

  it('prefixes a cell starting with CR, then quotes it because it contains CR', () => {
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
  });

  it('neutralises before quoting, so the prefix sits inside the quotes', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('leaves cells that only contain those characters later alone', () => {
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('user@example')).toBe('user@example');
    expect(csvField('session 42 = ok')).toBe('session 42 = ok');
  });
});

describe('audit event records', () => {
  const row: TAuditEventRow = {
    id: '00000000-0000-4000-8000-000000000001', chain: 'main', seq: 7, occurredAt: new Date('2026-11-23T20:30:06.123Z'),
    actorType: 'staff', actorId: '=cmd|calc', action: 'auth.sign_in.failed', targetType: null, targetId: null, result: 'failure',
    reason: 'bad, "really"', ip: '198.51.100.7', place: { country: 'GB' }, device: null, authenticator: null, requestId: 'r-1',
    sessionId: null, data: { reason: 'x' }, before: null, after: null, prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
  };

  it('writes one neutralised, quoted record per event with JSON columns as canonical JSON', () => {
    const line = auditCsvRecord(row);
    expect(line).toBe(
      `7,2026-11-23T20:30:06.123Z,staff,'=cmd|calc,auth.sign_in.failed,,,failure,"bad, ""really""",198.51.100.7,` +
        `"{""country"":""GB""}",,,r-1,,"{""reason"":""x""}",,,main,${row.id},${row.prevHash},${row.hash}\r\n`,
    );
  });
});

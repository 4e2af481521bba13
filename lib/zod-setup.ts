/**
 * zod for modules that also run in the browser. Zod 4 probes `new Function("")` to decide
 * whether to compile parsers; under Countersign's CSP (no 'unsafe-eval') that probe is a
 * reported violation, so the JIT is switched off before any schema is used.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };

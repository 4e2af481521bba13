/**
 * The range worker's code as one self-contained script, so a verification worker starts in tens
 * of milliseconds instead of loading tsx and compiling its TypeScript (about 0.2 s of CPU per
 * worker, on the cores the verification itself needs). Built once per process with esbuild
 * (the compiler tsx itself runs on), in memory; null when it cannot be built, and the workers
 * then load through tsx (range-worker.cjs) as before.
 */
import 'server-only';
import { createRequire } from 'node:module';
import path from 'node:path';
import { logger } from '@/lib/log/logger';

/** The part of esbuild's API used here (it is loaded at run time from the project's node_modules, not bundled). */
type TEsbuild = {
  build: (options: Record<string, unknown>) => Promise<{ outputFiles?: { text: string }[] }>;
};

let built: Promise<string | null> | null = null;

async function build(): Promise<string | null> {
  try {
    const root = /* turbopackIgnore: true */ process.cwd();
    const esbuild = createRequire(path.join(/* turbopackIgnore: true */ root, 'package.json'))('esbuild') as TEsbuild;
    const result = await esbuild.build({
      entryPoints: [path.join(/* turbopackIgnore: true */ root, 'lib/audit/verify/range-worker-main.ts')],
      absWorkingDir: root, bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent',
    });
    return result.outputFiles?.[0]?.text ?? null;
  } catch (e) {
    logger().warn({ err: e instanceof Error ? e.message : String(e) }, 'audit verification worker bundle unavailable; workers load through tsx');
    return null;
  }
}

/** The bundle (started on the first call, shared by every later one). */
export function rangeWorkerBundle(): Promise<string | null> {
  built ??= build();
  return built;
}

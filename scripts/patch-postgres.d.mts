export const MARKER: string;
export const DRIVER_FILES: string[];
export function isPatched(source: string): boolean;
export function patchSource(source: string): string | null;

/**
 * Sizes as users write them in pipeline files: `512KiB`, `10MB`, `1MiB`, or a bare number
 * of bytes. Decimal units (KB, MB, GB) are powers of 1000 and binary units (KiB, MiB, GiB)
 * powers of 1024, as their names say; letters are case-insensitive. Returns bytes, or
 * undefined when the text is not a size so the caller can say where it was wrong.
 */
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

export function parseSize(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.floor(text) : undefined;
  const match = SIZE.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? '').toLowerCase();
  const factor = unit === '' ? 1 : UNIT_BYTES[unit];
  if (factor === undefined) return undefined;
  return Math.floor(Number(match[1]) * factor);
}

/** `1048576` → `1 MiB`: for messages. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index += 1;
  }
  return `${Number(value.toFixed(1))} ${units[index] ?? 'B'}`;
}

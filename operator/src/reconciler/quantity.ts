// Kubernetes quantities (`500m`, `2`, `4Gi`, `1G`), read just far enough to compare a server's
// resources against its tenant's ResourceQuota.

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** The value of a quantity in base units (cores, bytes); `undefined` when it is not one. */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY.exec(text.trim());
  if (!m) return undefined;
  const [, number, exponent, suffix = ''] = m;
  const base = Number(number) * (exponent ? 10 ** Number(exponent) : 1);
  return base * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
}

/** Millicores as a CPU quantity. */
export const cpuQuantity = (millicores: number): string => `${millicores}m`;
/** MiB as a memory or storage quantity. */
export const mebibytes = (mib: number): string => `${mib}Mi`;

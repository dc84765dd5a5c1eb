/**
 * Kubernetes resource quantities, printed as kubectl prints them and parsed as the API server
 * parses them (`k8s.io/apimachinery/pkg/api/resource`).
 *
 * Printing follows `Quantity.String()`'s canonical forms: a binary-SI quantity (memory,
 * ephemeral-storage) takes the largest power-of-1024 suffix that divides it exactly, or no suffix
 * when none does (`28587828Ki`, `113781462033`); a decimal-SI quantity (cpu, pods, extended
 * resources) takes the largest power-of-1000 suffix that divides it (`15890m`, `16`, `213`).
 * Exact integer arithmetic throughout: a planner that is off by one KiB is wrong.
 */
import { quoteInput } from './displayText.js';

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;
const DECIMAL_SUFFIXES: Readonly<Record<number, string>> = {
  [-9]: 'n',
  [-6]: 'u',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
};

function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a safe integer, got ${value}`);
  }
}

/**
 * Formats `mantissa × 10^exponent` in canonical decimal-SI form: the mantissa loses trailing
 * groups of three zeros into the suffix, as Kubernetes does.
 */
function formatDecimal(mantissa: number, exponent: number): string {
  assertSafeInteger(mantissa, 'a decimal quantity');
  if (mantissa === 0) return '0';
  let value = mantissa;
  let power = exponent;
  while (value % 1000 === 0 && power < 18) {
    value /= 1000;
    power += 3;
  }
  const suffix = DECIMAL_SUFFIXES[power];
  if (suffix === undefined) throw new RangeError(`no decimal suffix for 10^${power}`);
  return `${value}${suffix}`;
}

/** A CPU quantity from whole millicores: `15890m`, `16`. */
export function formatCpuMillis(millis: number): string {
  return formatDecimal(millis, -3);
}

/** A count (pods, `aliyun/eni`) as a decimal-SI quantity: `213`, `7`. */
export function formatCount(count: number): string {
  return formatDecimal(count, 0);
}

/**
 * A byte quantity in canonical binary-SI form: `31555380Ki` for a multiple of 1024,
 * `113781462033` for bytes that no power of 1024 divides. Below 1024 in magnitude Kubernetes
 * switches to decimal-SI, and so do we.
 */
export function formatBytes(bytes: number): string {
  assertSafeInteger(bytes, 'a byte quantity');
  if (bytes > -1024 && bytes < 1024) return formatDecimal(bytes, 0);
  let value = bytes;
  let index = 0;
  while (value % 1024 === 0 && index < BINARY_SUFFIXES.length - 1) {
    value /= 1024;
    index += 1;
  }
  return `${value}${BINARY_SUFFIXES[index] ?? ''}`;
}

/** A quantity given in KiB (as kubelet reports MemTotal): `formatKi(31555380)` is `31555380Ki`. */
export function formatKi(kibibytes: number): string {
  assertSafeInteger(kibibytes, 'a KiB quantity');
  return formatBytes(kibibytes * 1024);
}

const QUANTITY_PATTERN =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

const BINARY_EXPONENT: Readonly<Record<string, bigint>> = {
  Ki: 10n,
  Mi: 20n,
  Gi: 30n,
  Ti: 40n,
  Pi: 50n,
  Ei: 60n,
};
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

/**
 * Parses a quantity string and returns its value times `10^scale`, rounded up away from zero to
 * a whole number, as `Quantity.ScaledValue` does. Throws a `RangeError` naming the text when it
 * is not a quantity or does not fit in a safe integer.
 */
function parseScaled(text: string, scale: number): number {
  const match = QUANTITY_PATTERN.exec(text);
  if (match === null) throw new RangeError(`not a Kubernetes quantity: ${quoteInput(text)}`);
  const [, sign = '', number = '', suffix, exponentText] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let numerator = BigInt(`${whole}${fraction}` === '' ? '0' : `${whole}${fraction}`);
  let exponent10 = scale - fraction.length;
  if (suffix !== undefined) {
    const binary = BINARY_EXPONENT[suffix];
    if (binary !== undefined) numerator <<= binary;
    else exponent10 += DECIMAL_EXPONENT[suffix] ?? 0;
  } else if (exponentText !== undefined) {
    exponent10 += Number(exponentText);
  }
  if (Math.abs(exponent10) > 400) throw new RangeError(`quantity out of range: ${text}`);
  let scaled: bigint;
  if (exponent10 >= 0) {
    scaled = numerator * 10n ** BigInt(exponent10);
  } else {
    const denominator = 10n ** BigInt(-exponent10);
    scaled = (numerator + denominator - 1n) / denominator;
  }
  const result = Number(sign === '-' ? -scaled : scaled);
  if (!Number.isSafeInteger(result)) throw new RangeError(`quantity out of range: ${text}`);
  return result;
}

/** A quantity in whole base units, rounded up (`1Gi` → 1073741824, `1.5` → 2). */
export function parseQuantity(text: string): number {
  return parseScaled(text, 0);
}

/** A quantity in whole thousandths, rounded up: a CPU request in millicores (`0.5` → 500). */
export function parseQuantityMillis(text: string): number {
  return parseScaled(text, 3);
}

/**
 * A mergeable set of source addresses (32-bit hashes) carried in capture summaries, so the
 * distinct sources of an incident are counted the same whether its packets were summarised
 * per 100 ms, per second or per minute. Small sets are exact (sorted hashes); past
 * MAX_EXACT_SOURCES they become a HyperLogLog of 4,096 registers (about 1.6 % error). The union
 * of two sketches is the sketch of the union, so merging in any grouping gives one answer.
 *
 * Text form: `x` + base64 of the sorted uint32 hashes (big-endian), or `h` + base64 of the
 * 4,096 one-byte registers.
 */
export const HLL_PRECISION = 12;
export const HLL_REGISTERS = 1 << HLL_PRECISION;
export const MAX_EXACT_SOURCES = 1024;
/** Longest text form (the register form): 1 + base64 of 4,096 bytes. */
export const MAX_SKETCH_LENGTH = 1 + Math.ceil(HLL_REGISTERS / 3) * 4;
const ALPHA = 0.7213 / (1 + 1.079 / HLL_REGISTERS);

export type SourceSketch =
  | { kind: "exact"; hashes: Uint32Array }
  | { kind: "registers"; registers: Uint8Array };

/** Adds one 32-bit hash to HyperLogLog registers. */
export function addToRegisters(registers: Uint8Array, hash: number): void {
  const index = hash >>> (32 - HLL_PRECISION);
  const rest = (hash << HLL_PRECISION) | (1 << (HLL_PRECISION - 1));
  const rank = Math.clz32(rest) + 1;
  if (rank > (registers[index] as number)) registers[index] = rank;
}

/** The HyperLogLog estimate of registers (linear counting while many are empty). */
export function estimateRegisters(registers: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < HLL_REGISTERS; i++) {
    const r = registers[i] as number;
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  const raw = (ALPHA * HLL_REGISTERS * HLL_REGISTERS) / sum;
  if (raw <= 2.5 * HLL_REGISTERS && zeros > 0)
    return Math.round(HLL_REGISTERS * Math.log(HLL_REGISTERS / zeros));
  return Math.round(raw);
}

export function sketchSize(sketch: SourceSketch): number {
  return sketch.kind === "exact" ? sketch.hashes.length : estimateRegisters(sketch.registers);
}

/** A sketch from hashes, exact when few enough (duplicates are removed). */
export function sketchOfHashes(hashes: Iterable<number>): SourceSketch {
  const unique = [...new Set(hashes)].map((h) => h >>> 0);
  if (unique.length <= MAX_EXACT_SOURCES)
    return { kind: "exact", hashes: Uint32Array.from(unique.sort((a, b) => a - b)) };
  const registers = new Uint8Array(HLL_REGISTERS);
  for (const hash of unique) addToRegisters(registers, hash);
  return { kind: "registers", registers };
}

export function mergeSketches(a: SourceSketch, b: SourceSketch): SourceSketch {
  if (a.kind === "exact" && b.kind === "exact") return sketchOfHashes([...a.hashes, ...b.hashes]);
  const registers = new Uint8Array(HLL_REGISTERS);
  for (const side of [a, b]) {
    if (side.kind === "exact") for (const hash of side.hashes) addToRegisters(registers, hash);
    else
      for (let i = 0; i < HLL_REGISTERS; i++)
        registers[i] = Math.max(registers[i] as number, side.registers[i] as number);
  }
  return { kind: "registers", registers };
}

export function encodeSketch(sketch: SourceSketch): string {
  if (sketch.kind === "registers") return `h${Buffer.from(sketch.registers).toString("base64")}`;
  const bytes = Buffer.alloc(sketch.hashes.length * 4);
  sketch.hashes.forEach((hash, i) => {
    bytes.writeUInt32BE(hash, i * 4);
  });
  return `x${bytes.toString("base64")}`;
}

/** Parses the text form; undefined when it is not one (wrong prefix, length or register value). */
export function decodeSketch(text: string): SourceSketch | undefined {
  const body = text.slice(1);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return undefined;
  const bytes = Buffer.from(body, "base64");
  if (text[0] === "h") {
    if (bytes.length !== HLL_REGISTERS || bytes.some((r) => r > 32 - HLL_PRECISION + 1)) return undefined;
    return { kind: "registers", registers: new Uint8Array(bytes) };
  }
  if (text[0] !== "x" || bytes.length % 4 !== 0 || bytes.length / 4 > MAX_EXACT_SOURCES) return undefined;
  const hashes = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < hashes.length; i++) hashes[i] = bytes.readUInt32BE(i * 4);
  for (let i = 1; i < hashes.length; i++)
    if ((hashes[i] as number) <= (hashes[i - 1] as number)) return undefined;
  return { kind: "exact", hashes };
}

const PRECISION = 12;
const REGISTERS = 1 << PRECISION;
const ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);

/** Finaliser of MurmurHash3: spreads a 32-bit value over all 32 bits. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * HyperLogLog distinct counter with 4,096 registers (4 KiB, about 1.6 % standard error)
 * over 32-bit hashes; two sketches merge by taking the larger register.
 */
export class HyperLogLog {
  readonly registers = new Uint8Array(REGISTERS);

  add(hash: number): void {
    const index = hash >>> (32 - PRECISION);
    const rest = (hash << PRECISION) | (1 << (PRECISION - 1));
    const rank = Math.clz32(rest) + 1;
    if (rank > (this.registers[index] as number)) this.registers[index] = rank;
  }

  merge(other: HyperLogLog): void {
    const mine = this.registers;
    const theirs = other.registers;
    for (let i = 0; i < REGISTERS; i++) {
      if ((theirs[i] as number) > (mine[i] as number)) mine[i] = theirs[i] as number;
    }
  }

  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < REGISTERS; i++) {
      const r = this.registers[i] as number;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const raw = (ALPHA * REGISTERS * REGISTERS) / sum;
    if (raw <= 2.5 * REGISTERS && zeros > 0) return Math.round(REGISTERS * Math.log(REGISTERS / zeros));
    return Math.round(raw);
  }

  clear(): void {
    this.registers.fill(0);
  }
}

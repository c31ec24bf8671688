/**
 * `ids` once each, in batches of at most `size`: the API takes at most 100 ids in one
 * operation's nodes(ids:), and a page may name more nodes than that (a status page's list).
 */
export function idBatches(ids: Iterable<string>, size: number): string[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, not ${size}`);
  const unique = [...new Set(ids)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += size) batches.push(unique.slice(i, i + size));
  return batches;
}

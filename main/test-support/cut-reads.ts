// Feeding a byte stream to a parser as a socket with one reused read buffer would: cut at given points,
// each piece copied into the same buffer (scribbled over first), so a parser that keeps a chunk is caught.

/** Pushes `stream` cut at `cuts` (ascending offsets) through one shared buffer. */
export function pushInCutReads(stream: Buffer, cuts: number[], push: (chunk: Buffer) => void): void {
  const shared = Buffer.alloc(stream.length);
  const points = [0, ...cuts, stream.length];
  for (let i = 1; i < points.length; i++) {
    shared.fill(0xaa);
    const n = stream.copy(shared, 0, points[i - 1], points[i]);
    push(shared.subarray(0, n));
  }
}

/**
 * SPMD coordination for worker threads sharing memory (fe.md §8: worker_threads, 2 workers by
 * slab decomposition). Every worker runs the same solver code on its own slab; they meet at
 * barriers and combine dot products through shared slots summed in rank order, so every worker
 * sees the same scalar and takes the same branch.
 */

/** Layout of the shared control words. */
export const CONTROL = {
  barrierCount: 0,
  barrierGeneration: 1,
  /** Set to 1 by the main thread to ask the workers to stop at the next iteration. */
  abort: 2,
  length: 4,
} as const;

export interface Team {
  rank: number;
  size: number;
  barrier(): void;
  /** Sum of each rank's a and b, identical on every rank. */
  sum2(a: number, b: number): [number, number];
  /**
   * Rank 0's view of the stop request (1 or 0; always 0 on other ranks). Summed through sum2 so
   * every rank takes the same decision.
   */
  abortFlag(): number;
}

/** A team of one: the solver runs in the calling thread. */
export function soloTeam(abort: () => boolean = () => false): Team {
  return {
    rank: 0,
    size: 1,
    barrier() {},
    sum2: (a, b) => [a, b],
    abortFlag: () => (abort() ? 1 : 0),
  };
}

/** Spins briefly before sleeping: a barrier is reached every few milliseconds. */
const SPIN = 4000;

export function sharedTeam(
  rank: number,
  size: number,
  control: Int32Array,
  slots: Float64Array,
): Team {
  let parity = 0;
  function barrier(): void {
    const generation = Atomics.load(control, CONTROL.barrierGeneration);
    if (Atomics.add(control, CONTROL.barrierCount, 1) === size - 1) {
      Atomics.store(control, CONTROL.barrierCount, 0);
      Atomics.add(control, CONTROL.barrierGeneration, 1);
      Atomics.notify(control, CONTROL.barrierGeneration);
      return;
    }
    for (let i = 0; i < SPIN; i++) {
      if (Atomics.load(control, CONTROL.barrierGeneration) !== generation) return;
    }
    while (Atomics.load(control, CONTROL.barrierGeneration) === generation) {
      Atomics.wait(control, CONTROL.barrierGeneration, generation);
    }
  }
  return {
    rank,
    size,
    barrier,
    sum2(a, b) {
      // Two alternating slot sets: the barrier inside the next call separates this call's reads
      // from the writes two calls later.
      const base = parity * size * 2;
      parity ^= 1;
      slots[base + 2 * rank] = a;
      slots[base + 2 * rank + 1] = b;
      barrier();
      let sa = 0;
      let sb = 0;
      for (let r = 0; r < size; r++) {
        sa += slots[base + 2 * r];
        sb += slots[base + 2 * r + 1];
      }
      return [sa, sb];
    },
    abortFlag: () => (rank === 0 ? Atomics.load(control, CONTROL.abort) : 0),
  };
}

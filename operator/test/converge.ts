/**
 * How long and how often the cluster tests look again (`vi.waitFor`) for state that converges
 * asynchronously: a real apiserver, informers and a simulated kubelet take their time.
 */
export const converge = { timeout: 60_000, interval: 300 };

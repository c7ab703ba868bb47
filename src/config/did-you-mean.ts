/**
 * "did you mean …" for misspelled keys and values: the closest candidate by edit distance
 * (optimal string alignment, so a swapped pair of letters costs 1), plus spellings that
 * differ only in case and separators (`healthCheck` → `health_check`) and a few words
 * people bring from docker compose and process-compose.
 */

/** Words from neighbouring tools that mean one of our keys. */
const SYNONYMS: Record<string, string[]> = {
  name: ['id'],
  id: ['name'],
  cmd: ['command'],
  entrypoint: ['command'],
  environment: ['env'],
  cwd: ['working_dir'],
  workdir: ['working_dir'],
  depends: ['depends_on'],
  dependencies: ['depends_on'],
  healthcheck: ['health_check'],
  readiness_probe: ['health_check'],
  restart: ['restart_policy'],
  stop_timeout: ['stop_grace_period'],
  kill_signal: ['stop_signal'],
  components: ['sources', 'processors', 'sinks'],
  consumers: ['sinks'],
};

export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({length: rows}, (_, i) => Array.from({length: cols}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] ?? 0) + 1);
      }
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] ?? 0;
}

const squash = (word: string): string => word.toLowerCase().replace(/[-_\s]/g, '');

/** The best suggestion among `candidates`, or undefined when nothing is close enough to help. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const squashed = squash(word);
  const sameLetters = candidates.find((candidate) => squash(candidate) === squashed);
  if (sameLetters !== undefined) return sameLetters;
  const synonym = SYNONYMS[word.toLowerCase()]?.find((candidate) => candidates.includes(candidate));
  if (synonym !== undefined) return synonym;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(squashed, squash(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Short words need a close match, or every 2-letter typo "means" some unrelated key.
  const allowed = Math.max(1, Math.floor(Math.max(squashed.length, 3) / 3));
  if (bestDistance <= allowed) return best;
  // `TERM` → `SIGTERM`: a word that is most of a candidate is a shortened spelling of it.
  return squashed.length >= 3 ? candidates.find((candidate) => squash(candidate).endsWith(squashed) && squashed.length * 2 > candidate.length) : undefined;
}

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

/** Optimal string alignment distance, keeping three rows rather than the whole matrix (it runs once per unknown key and candidate). */
export function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      row.push(best);
    }
    beforePrevious = previous;
    previous = row;
  }
  return previous[b.length] ?? 0;
}

const squashed = new Map<string, string>();

/** Candidates are the schema's few keys, squashed again for every unknown key: remembered. */
function squash(word: string): string {
  let result = squashed.get(word);
  if (result === undefined) {
    result = word.toLowerCase().replace(/[-_\s]/g, '');
    if (squashed.size < 10_000) squashed.set(word, result);
  }
  return result;
}

/** The best suggestion among `candidates`, or undefined when nothing is close enough to help. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const target = squash(word);
  const sameLetters = candidates.find((candidate) => squash(candidate) === target);
  if (sameLetters !== undefined) return sameLetters;
  const synonym = SYNONYMS[word.toLowerCase()]?.find((candidate) => candidates.includes(candidate));
  if (synonym !== undefined) return synonym;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const other = squash(candidate);
    // The distance is at least the difference in length: skip what cannot beat the best so far.
    if (Math.abs(other.length - target.length) >= bestDistance) continue;
    const distance = editDistance(target, other);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Short words need a close match, or every 2-letter typo "means" some unrelated key.
  const allowed = Math.max(1, Math.floor(Math.max(target.length, 3) / 3));
  if (bestDistance <= allowed) return best;
  // `TERM` → `SIGTERM`: a word that is most of a candidate is a shortened spelling of it.
  return target.length >= 3 ? candidates.find((candidate) => squash(candidate).endsWith(target) && target.length * 2 > candidate.length) : undefined;
}

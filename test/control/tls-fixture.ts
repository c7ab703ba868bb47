/** Self-signed certificates for TLS tests, made with the `openssl` command (Node has no X.509 generator). */
import {execFileSync} from 'node:child_process';
import {join} from 'node:path';

export interface CertFiles {
  cert: string;
  key: string;
}

/**
 * A self-signed EC certificate in `dir` (`name`.pem / `name`-key.pem). `ip`: put that
 * address in its subjectAltName (without, only its CN names it: a client checking the host
 * it dials refuses it).
 */
export function selfSignedCert(dir: string, name: string, options: {cn?: string; ip?: string} = {}): CertFiles {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}-key.pem`);
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'];
  args.push('-keyout', key, '-out', cert, '-subj', `/CN=${options.cn ?? 'flowctl-test'}`);
  if (options.ip !== undefined) args.push('-addext', `subjectAltName=IP:${options.ip}`);
  execFileSync('openssl', args, {stdio: 'pipe'});
  return {cert, key};
}

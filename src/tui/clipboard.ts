/**
 * Copy through the terminal (OSC 52): works over SSH and inside tmux (with `set-clipboard
 * on`), needs no clipboard program. Terminals that do not support it ignore the sequence.
 */

/** Terminals cap OSC 52 payloads (xterm: 100 000 bytes of base64); longer text is cut. */
export const MAX_COPY_BYTES = 74_000;

export function copySequence(text: string): string {
  let bytes = Buffer.from(text, 'utf8');
  if (bytes.length > MAX_COPY_BYTES) bytes = bytes.subarray(0, MAX_COPY_BYTES);
  return `\x1b]52;c;${bytes.toString('base64')}\x07`;
}

import {describe, expect, it} from 'vitest';
import {sanitizeForTerminal} from '../../src/logs/sanitize.js';

describe('sanitizeForTerminal', () => {
  it('expands tabs to 8-column stops counted per line, ignoring escape sequences', () => {
    expect(sanitizeForTerminal('a\tb')).toBe('a       b');
    expect(sanitizeForTerminal('12345678\tx')).toBe('12345678        x');
    expect(sanitizeForTerminal('\x1b[31mab\x1b[0m\tc')).toBe('\x1b[31mab\x1b[0m      c');
    expect(sanitizeForTerminal('abc\n\td')).toBe('abc\n        d');
    expect(sanitizeForTerminal('😀\tx')).toBe('😀       x');
  });

  it('drops C0 and C1 controls and DEL but keeps the line break', () => {
    expect(sanitizeForTerminal('ab\bc\x07d\x00e\x7ff\x85g\nh')).toBe('abcdefg\nh');
  });

  it('shows what a terminal shows for lines redrawn with lone CRs', () => {
    expect(sanitizeForTerminal('progress 10%\rprogress 55%\rprogress 100%')).toBe('progress 100%');
    expect(sanitizeForTerminal('abcdef\rXY\nnext\r')).toBe('XYcdef\nnext');
    expect(sanitizeForTerminal('\x1b[32m10%\r\x1b[32m100%\x1b[0m\r')).toBe('\x1b[32m100%\x1b[0m');
    expect(sanitizeForTerminal('\r\r')).toBe('');
  });

  it('keeps colours and hyperlinks, drops cursor movement, clears, titles and other sequences', () => {
    const link = '\x1b]8;;https://example.com\x1b\\site\x1b]8;;\x1b\\';
    expect(sanitizeForTerminal(`\x1b[1;31mbold red\x1b[0m ${link}`)).toBe(`\x1b[1;31mbold red\x1b[0m ${link}`);
    expect(sanitizeForTerminal('\x1b[2J\x1b[H\x1b[1Aup\x1b[?25l\x1b[38;5;1m')).toBe('up\x1b[38;5;1m');
    expect(sanitizeForTerminal('\x1b]0;evil title\x07text')).toBe('text');
    expect(sanitizeForTerminal('\x1b7saved\x1b8\x1bc\x1b(Bx')).toBe('savedx');
    expect(sanitizeForTerminal('\x1bPq#0;2;0;0;0\x1b\\after')).toBe('after');
    expect(sanitizeForTerminal('\x9b2Jeight-bit')).toBe('eight-bit');
    expect(sanitizeForTerminal('\x1b[>4;2m modifier')).toBe(' modifier');
    expect(sanitizeForTerminal('lone\x1b')).toBe('lone');
  });

  it('never keeps an unterminated hyperlink, which would swallow what follows', () => {
    expect(sanitizeForTerminal('\x1b]8;;https://x\nnext')).toBe('\nnext');
  });

  it('strips styles too with keepStyles: false', () => {
    expect(sanitizeForTerminal('\x1b[31mred\x1b[0m \x1b]8;;u\x07l\x1b]8;;\x07', {keepStyles: false})).toBe('red l');
  });

  it('returns clean text unchanged', () => {
    const text = 'nothing to do here: ünïcödé 😀';
    expect(sanitizeForTerminal(text)).toBe(text);
  });
});

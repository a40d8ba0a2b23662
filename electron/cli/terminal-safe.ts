/**
 * Text from logs made safe to print on a terminal.
 *
 * A server's stderr (and so a client's MCP log) can hold terminal escape sequences: colours, but also
 * ones that move the cursor, rewrite earlier lines, set the window title or, on some terminals, write
 * to the clipboard. `tether logs` prints other programs' text, so control characters (C0 except tab,
 * DEL, C1) and bidirectional overrides (which reorder what is shown) become visible escapes instead.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

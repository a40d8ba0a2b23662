/**
 * Linux start at login: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/tether.desktop`
 * (`app.setLoginItemSettings` covers macOS and Windows only). Pure: the file's text and its place.
 */
export const AUTOSTART_FILE_NAME = 'tether.desktop';

/** The flag a login start passes, so the app starts in the tray without a window. */
export const HIDDEN_FLAG = '--hidden';

/** Desktop Entry spec: an argument with spaces or specials is double-quoted, with \\ " ` $ escaped. */
function quoteExecArg(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/([\\"`$])/g, '\\$1')}"`;
}

/**
 * The entry for an executable (the AppImage path when run from one, else the app binary) and the
 * arguments it needs before `--hidden` (the app folder in development). A `%` in Exec is a field code,
 * written `%%`.
 */
export function autostartEntry(executable: string, args: readonly string[] = []): string {
  const exec = [executable, ...args, HIDDEN_FLAG].map(quoteExecArg).join(' ').replaceAll('%', '%%');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Tether',
    'Comment=Keeps MCP connections alive and visible',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=false',
    '',
  ].join('\n');
}

/** A rectangle on the desktop (Electron's Rectangle, without importing Electron). */
export type Rect = { x: number; y: number; width: number; height: number };

/**
 * Pure: where the dashboard window opens. The saved bounds when enough of the window's title bar (the
 * top 50 px: at least 100 px wide and 20 px high) is on one of today's displays, so it can be grabbed; otherwise null, and the window opens
 * centred at its default size (a monitor was unplugged, the resolution changed). Sizes are clamped to
 * the minimum and to the display.
 */
export function restoreBounds(
  saved: Rect | null,
  workAreas: readonly Rect[],
  minimum: { width: number; height: number },
): Rect | null {
  if (!saved) return null;
  const titleBar = { ...saved, height: Math.min(saved.height, 50) };
  const area = workAreas.find((display) => {
    const { width, height } = intersection(titleBar, display);
    return width >= 100 && height >= 20;
  });
  if (!area) return null;
  const width = Math.min(Math.max(saved.width, minimum.width), area.width);
  const height = Math.min(Math.max(saved.height, minimum.height), area.height);
  return { x: saved.x, y: saved.y, width, height };
}

function intersection(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

import { z } from 'zod';

/**
 * Frames of the WebSocket transport used by the headless dashboard.
 *
 * The client sends `invoke` frames with an id of its choosing; the server answers each with exactly
 * one `result` frame carrying the same id, and pushes `event` frames at any time.
 */
export const clientFrameSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string(),
  request: z.unknown(),
});
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ServerFrame =
  { type: 'result'; id: number; result: unknown } | { type: 'event'; event: string; payload: unknown };

/** The path of the WebSocket endpoint, relative to the dashboard's origin. */
export const WS_API_PATH = '/api/ws';
/** The query parameter and cookie that carry the access token. */
export const ACCESS_TOKEN_PARAM = 'token';
export const ACCESS_TOKEN_COOKIE = 'tether_token';
/** The query parameter of the one-time code the browser opener gets instead of the token. */
export const ONE_TIME_CODE_PARAM = 'code';

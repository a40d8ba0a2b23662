import { z } from 'zod';

/**
 * The user's settings as the dashboard shows and edits them. One file in the data folder
 * (`settings.json`, electron/core/settings/) that the desktop app and `tether serve` both read, so a
 * headless service honours the same choices without Electron.
 */
export const notificationSettingsSchema = z
  .object({
    /** A server down for more than 30 s. */
    down: z.boolean(),
    /** A server that needs a person to sign in. */
    'needs-auth': z.boolean(),
    /** A server that keeps going down. */
    'crash-loop': z.boolean(),
    /** A server back after an outage that was notified. */
    recovered: z.boolean(),
  })
  .strict();
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

export const userSettingsSchema = z
  .object({
    notifications: notificationSettingsSchema,
    /** Desktop app only: start hidden in the tray at login. */
    startAtLogin: z.boolean(),
    theme: themeSchema,
    /** Desktop app only: open the dashboard window when the app starts (not at login). */
    openDashboardAtStart: z.boolean(),
    /** How many days of client logs the log viewer keeps in its index (applies at the next start). */
    logWindowDays: z.number().int().min(1).max(90),
  })
  .strict();
export type UserSettings = z.infer<typeof userSettingsSchema>;

/** What the Settings view shows: the settings, and where they and the data live. */
export const settingsViewSchema = z.object({
  settings: userSettingsSchema,
  dataDir: z.string(),
  file: z.string(),
  /** Start at login applies only where the desktop app runs; `tether serve` shows it read-only. */
  desktop: z.boolean(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

/** A change: any subset of the settings (notification kinds one by one). */
export const settingsPatchSchema = z
  .object({
    notifications: notificationSettingsSchema.partial().strict().optional(),
    startAtLogin: z.boolean().optional(),
    theme: themeSchema.optional(),
    openDashboardAtStart: z.boolean().optional(),
    logWindowDays: z.number().int().min(1).max(90).optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Spread into shared/api-contract.ts. */
export const settingsInvokeContract = {
  'settings:get': { request: z.object({}).strict(), response: settingsViewSchema },
  'settings:set': { request: settingsPatchSchema, response: settingsViewSchema },
} as const;

export const settingsEventContract = {
  /** The settings changed (from any window, the tray, or another process's write). */
  'settings:changed': settingsViewSchema,
} as const;

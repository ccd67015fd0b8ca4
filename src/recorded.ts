/**
 * While the script-tag entry replays a call the stub recorded before the SDK loaded: when
 * (epoch ms) and on which address the page made it, so the event keeps its own moment and
 * fullUrl rather than those of the replay. Empty at any other time.
 */
export const recorded: { t?: number; url?: string } = {};

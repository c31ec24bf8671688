/** The node page's live window: five minutes of seconds (shared by the server page and the client chart). */
export const LIVE_SECONDS = 300;

import type { ChannelKindName, ChannelModule } from "./channel.ts";
import { discordChannel } from "./discord.ts";
import { emailChannel } from "./email.ts";
import { opsGenieChannel } from "./opsgenie.ts";
import { pagerDutyChannel } from "./pagerduty.ts";
import { slackChannel } from "./slack.ts";
import { smsChannel } from "./sms.ts";
import { teamsChannel } from "./teams.ts";
import { telegramChannel } from "./telegram.ts";
import { webhookChannel } from "./webhook.ts";

export const channelModules: Record<ChannelKindName, ChannelModule> = {
  WEBHOOK: webhookChannel,
  SLACK: slackChannel,
  DISCORD: discordChannel,
  TEAMS: teamsChannel,
  TELEGRAM: telegramChannel,
  PAGERDUTY: pagerDutyChannel,
  OPSGENIE: opsGenieChannel,
  SMS: smsChannel,
  EMAIL: emailChannel,
};

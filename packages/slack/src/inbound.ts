/**
 * What Slack sends as message text is mrkdwn: `&amp;`, `<@U…>`, `<https://…|label>`,
 * `<#C…|name>`, `<!here>`. The core takes plain text, so this turns those back into the words
 * a person typed (and drops the mention of the app itself).
 */
export function mrkdwnToPlain(text: string, botUserId?: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@'))
        return botUserId && target === `@${botUserId}` ? '' : label ? `@${label}` : target;
      if (target.startsWith('#')) return label ? `#${label}` : target;
      if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

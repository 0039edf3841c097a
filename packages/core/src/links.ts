/** A knowledge-base page (or one of its sections) as an absolute link: `PUBLIC_URL/docs/<path>#<anchor>`. */
export function citationUrl(publicUrl: string, path: string, anchor: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  return `${base}/docs/${encodedPath}${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
}

/** A status round's full report: `PUBLIC_URL/reports/<round>.html`. */
export function reportUrl(publicUrl: string, roundId: number): string {
  return `${publicUrl.replace(/\/+$/, '')}/reports/${roundId}.html`;
}

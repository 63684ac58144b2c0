export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Plain paragraphs (already escaped by the caller) and an optional button, in the house mail style. */
export function mailHtml(paragraphs: string[], action?: { label: string; link: string }): string {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('');
  if (!action) return body;
  const link = escapeHtml(action.link);
  return `${body}<p><a href="${link}" style="display:inline-block;padding:10px 18px;background:#0c8599;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p><p style="color:#555">Or paste this address into your browser: ${link}</p>`;
}

// Tweet text as the API sends it, made plain: the entities it escapes turned back into characters.

/** Twitter's text with the three entities it escapes (`&amp;` `&lt;` `&gt;`) turned back into characters. */
export function unescapeTweetText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

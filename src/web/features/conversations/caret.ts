/** Styles that decide where text wraps inside a textarea; copied onto a hidden mirror to find the caret. */
const MIRRORED = [
  'direction',
  'boxSizing',
  'width',
  'height',
  'overflowX',
  'overflowY',
  'borderTopWidth',
  'borderRightWidth',
  'borderBottomWidth',
  'borderLeftWidth',
  'borderStyle',
  'paddingTop',
  'paddingRight',
  'paddingBottom',
  'paddingLeft',
  'fontStyle',
  'fontVariant',
  'fontWeight',
  'fontStretch',
  'fontSize',
  'fontSizeAdjust',
  'lineHeight',
  'fontFamily',
  'textAlign',
  'textTransform',
  'textIndent',
  'textDecoration',
  'letterSpacing',
  'wordSpacing',
  'tabSize',
] as const;

/** Where the character at `position` sits inside the textarea, in pixels from its top-left corner. */
export function caretCoordinates(el: HTMLTextAreaElement, position: number) {
  const mirror = document.createElement('div');
  const computed = window.getComputedStyle(el);
  const style = mirror.style as unknown as Record<string, string>;
  for (const prop of MIRRORED) style[prop] = computed[prop as keyof CSSStyleDeclaration] as string;
  style.position = 'absolute';
  style.visibility = 'hidden';
  style.top = '0';
  style.left = '-9999px';
  style.whiteSpace = 'pre-wrap';
  style.overflowWrap = 'break-word';
  style.overflow = 'hidden';
  mirror.textContent = el.value.slice(0, position);
  const marker = document.createElement('span');
  marker.textContent = el.value.slice(position) || '.';
  mirror.appendChild(marker);
  document.body.appendChild(mirror);
  const fontSize = parseFloat(computed.fontSize) || 16;
  const lineHeight = parseFloat(computed.lineHeight) || fontSize * 1.4;
  const coords = {
    top: marker.offsetTop + (parseFloat(computed.borderTopWidth) || 0) - el.scrollTop,
    left: marker.offsetLeft + (parseFloat(computed.borderLeftWidth) || 0) - el.scrollLeft,
    height: lineHeight,
  };
  document.body.removeChild(mirror);
  return coords;
}

/**
 * WCAG 2.2 contrast, computed: the ratio between two colours (1 to 21), as success criteria 1.4.3
 * (text: 4.5:1) and 1.4.11 (field borders, focus rings: 3:1) measure it. Colours are `#rgb`,
 * `#rrggbb`, or `rgb()` / `rgba()` as browsers report computed styles; a translucent colour is
 * laid over the background it is compared with.
 */
export type Rgba = [red: number, green: number, blue: number, alpha: number];

export function parseColor(color: string): Rgba {
  const value = color.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(value)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
    return [0, 2, 4].map((at) => parseInt(full.slice(at, at + 2), 16)).concat(1) as Rgba;
  }
  const parts = /^rgba?\(([^)]+)\)$/
    .exec(value)?.[1]
    ?.split(/[\s,/]+/)
    .filter(Boolean);
  if (parts && parts.length >= 3) {
    const [red, green, blue, alpha = '1'] = parts as [string, string, string, string?];
    const share = (part: string) => (part.endsWith('%') ? Number(part.slice(0, -1)) / 100 : Number(part));
    return [Number(red), Number(green), Number(blue), share(alpha)];
  }
  throw new Error(`not a colour this check reads: ${color}`);
}

/** `top` laid over an opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const alpha = top[3];
  const mix = (at: 0 | 1 | 2) => top[at] * alpha + bottom[at] * (1 - alpha);
  return [mix(0), mix(1), mix(2), 1];
}

function luminance([red, green, blue]: Rgba): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

/** The contrast ratio of `foreground` on an opaque `background`. */
export function contrastRatio(foreground: string, background: string): number {
  const bottom = parseColor(background);
  const [lighter, darker] = [luminance(over(parseColor(foreground), bottom)), luminance(bottom)].sort(
    (a, b) => b - a,
  ) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

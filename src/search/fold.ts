/** Vietnamese folding: NFD, strip combining marks, đ→d, lowercase, collapse spaces. Same as the eval's fold. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when the text carries any Vietnamese diacritic (tone mark, circumflex, breve, horn or đ). */
export function hasDiacritics(s: string): boolean {
  return /[đĐ]|\p{M}/u.test(s.normalize('NFD'));
}

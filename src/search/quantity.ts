import { tokenize } from './tokenize.js';

const YEAR = /^(19|20)\d\d$/;
const DAY_MONTH = /^\d{1,2}\/\d{1,2}(\/\d{4})?$/;

/** True when the text carries a quantity: a number that is not just a year or a date (`172`, `17,3`, `4.158`, `35%`). */
export function hasQuantity(text: string): boolean {
  return tokenize(text).some((t) => /\d/.test(t) && !YEAR.test(t) && !DAY_MONTH.test(t));
}
